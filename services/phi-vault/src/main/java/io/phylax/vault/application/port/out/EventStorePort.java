package io.phylax.vault.application.port.out;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * The vault's event store, projections, data keys and outbox. Every read is scoped to a tenant: a stream
 * of another tenant is indistinguishable from a missing one.
 */
public interface EventStorePort {

    /**
     * Writes a {@link Commit} atomically. Fails with {@link io.phylax.vault.domain.StaleVersionException}
     * when the stream moved past the expected version, and with {@link IdempotencyKeyTakenException} when a
     * concurrent request claimed the same Idempotency-Key first.
     */
    Uni<Void> commit(Commit commit);

    Uni<Optional<StoredState>> findState(String tenant, UUID streamId);

    /**
     * A stream's state and the member's care-team scope on its subject (care team, an unexpired break-glass grant
     * by the database clock, or outside), read in one statement: the clinician's read costs one round trip.
     */
    Uni<ScopedState> findStateInScope(String tenant, UUID streamId, String member);

    /** Whether the tenant's account was closed (ADR 19): it may register nothing any more. */
    Uni<Boolean> tenantClosed(String tenant);

    /** The live (not erased) subjects of a tenant, oldest first. */
    Uni<List<StoredState>> findSubjects(String tenant);

    /** Record streams of a subject, oldest first. */
    Uni<List<StoredState>> findRecords(String tenant, UUID subjectId);

    /** All events of a stream, in version order. */
    Uni<List<StoredEvent>> loadStream(String tenant, UUID streamId);

    Uni<Optional<WrappedDataKey>> findDataKey(String tenant, UUID subjectId);

    /** The subject created by an earlier request with this Idempotency-Key hash, if any. */
    Uni<Optional<UUID>> findIdempotent(String tenant, byte[] keyHash);
}
