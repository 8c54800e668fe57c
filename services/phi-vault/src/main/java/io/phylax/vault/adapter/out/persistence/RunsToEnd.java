package io.phylax.vault.adapter.out.persistence;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * A unit of database work that, once started, runs to its end: commit, or roll back on failure, and give its
 * connection back. A request whose client hangs up (or that times out) cancels its pipeline; that cancellation
 * stops the waiting, never the transaction. Cancelling a Hibernate Reactive transaction half-way closes its
 * session with the transaction still open, and the connection never returns to the pool (issue 15, ADR 0093).
 */
final class RunsToEnd {

    private RunsToEnd() {}

    /** The work, subscribed on its own: the caller's cancellation does not reach it. */
    static <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> work.get().subscribe().with(emitter::complete, emitter::fail));
    }
}
