package io.phylax.vault.adapter.out.persistence;

import java.io.IOException;
import java.net.SocketException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * One tenant-scoped transaction on the bare Vert.x SQL client with its statements pipelined (ADR 0093): BEGIN, the
 * tenant setting for row-level security (ADR 0024), the statements and COMMIT are written to the connection at
 * once and their answers come back together, one round trip however many statements there are.
 *
 * <p>The statements therefore must not depend on one another's answers: the function given subscribes to all of
 * them at once ({@code Uni.combine()}), never one after another. A condition that must stop the transaction raises
 * in the database (the {@code vault_expect_*} functions), which aborts it; the COMMIT behind an aborted transaction
 * rolls it back. The transaction runs to its end even when its request is cancelled ({@link RunsToEnd}).
 */
final class Pipelined {

    private static final String SET_TENANT = "SELECT set_config('phylax.tenant', $1, true)";
    /** SQLSTATE of a statement sent behind one that failed: not the cause. */
    private static final String IN_FAILED_TRANSACTION = "25P02";

    private Pipelined() {}

    static <T> Uni<T> inTenant(Pool pool, String tenant, Function<SqlConnection, Uni<T>> statements) {
        String scope = TenantScope.required(tenant);
        return RunsToEnd.run(() -> pool.withConnection(conn -> Uni.combine()
                .all()
                .unis(
                        conn.query("BEGIN").execute(),
                        conn.preparedQuery(SET_TENANT).execute(Tuple.of(scope)),
                        statements.apply(conn),
                        conn.query("COMMIT").execute())
                // Every answer is awaited, so the connection goes back to the pool with nothing in flight.
                .collectFailures()
                .with((begin, set, result, commit) -> result)
                .onFailure()
                .transform(Pipelined::cause)));
    }

    /** All of a group of statements, sent together; completes when every one has answered. */
    static Uni<Void> all(List<Uni<?>> statements) {
        if (statements.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> each = statements.stream().map(Uni::replaceWithVoid).toList();
        return Uni.join().all(each).andCollectFailures().replaceWithVoid();
    }

    /**
     * The failure that aborted the transaction, not the ones of the statements sent behind it. A write that fails on
     * a connection PostgreSQL closed (NIO's plain IOException "Broken pipe") is said to be the socket failure it is,
     * so that the request is refused 503 as database-unavailable, not 500 (fault suite, PostgresRestartIT).
     */
    static Throwable cause(Throwable error) {
        Throwable found = firstCause(error);
        if (found instanceof IOException && !(found instanceof SocketException)) {
            SocketException broken = new SocketException("the connection to the database broke");
            broken.initCause(found);
            return broken;
        }
        return found;
    }

    private static Throwable firstCause(Throwable error) {
        if (error instanceof CompositeException composite) {
            for (Throwable t : composite.getCauses()) {
                Throwable inner = firstCause(t);
                if (!(inner instanceof PgException pg && IN_FAILED_TRANSACTION.equals(pg.getSqlState()))) {
                    return inner;
                }
            }
        }
        return error;
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
