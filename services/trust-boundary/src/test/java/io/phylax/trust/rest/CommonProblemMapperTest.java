package io.phylax.trust.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.netty.channel.ConnectTimeoutException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * The exception shapes the reactive pool produced while PostgreSQL was stopped and restarted under load
 * (PostgresRestartIT), each wrapped as the services see it, answer 503 with Retry-After; other failures stay 500.
 */
class CommonProblemMapperTest {

    private final CommonProblemMapper mapper = new CommonProblemMapper();

    @Test
    void refusedConnectionWhileTheDatabaseIsDownIsA503() {
        // Netty's AnnotatedConnectException ("Connection refused: /127.0.0.1:5432") is a ConnectException.
        assertDatabaseUnavailable(new CompletionException(new ConnectException("Connection refused")));
    }

    @Test
    void connectionResetUnderAHibernateReactiveTransactionIsA503() {
        // Seen as CompositeException <- HibernateException <- SocketException ("Connection reset").
        assertDatabaseUnavailable(new CompositeException(
                new IllegalStateException(new SocketException("Connection reset")),
                new IllegalStateException("rollback failed too")));
        assertDatabaseUnavailable(new SocketException("Connection reset"));
    }

    @Test
    void connectTimeoutIsA503() {
        assertDatabaseUnavailable(new RuntimeException(new ConnectTimeoutException("connection timed out")));
    }

    @Test
    void connectionLostUnderAQueryIsA503() {
        assertDatabaseUnavailable(new IllegalStateException("wrapped", ClosedConnectionException.INSTANCE));
    }

    @Test
    void connectionLostUnderAHibernateReactiveTransactionIsA503() {
        // Seen as CompositeException <- HibernateException <- CompletionException <- ClosedConnectionException.
        assertDatabaseUnavailable(new CompositeException(
                new IllegalStateException(new CompletionException(ClosedConnectionException.INSTANCE)),
                new IllegalStateException("rollback failed too")));
    }

    @Test
    void serverShuttingDownIsA503() {
        // 57P01 admin_shutdown: what each open connection gets at a fast shutdown.
        assertDatabaseUnavailable(new CompletionException(new PgFailure("57P01")));
        // 57P03 cannot_connect_now: the server is still starting.
        assertDatabaseUnavailable(new PgFailure("57P03"));
        // Class 08: connection exceptions as a whole.
        assertDatabaseUnavailable(new PgFailure("08006"));
    }

    @Test
    void pendingRequestsFailedOnAClosedConnectionIsA503() {
        assertDatabaseUnavailable(new RuntimeException(
                new NoStackTraceThrowable("Pending requests failed to be sent due to connection has been closed.")));
        assertDatabaseUnavailable(new CompletionException(new VertxException("Connection was closed", true)));
    }

    @Test
    void aConstraintViolationIsStillA500() {
        assertThat(mapper.unexpected(new CompletionException(new PgFailure("23505")))
                        .getStatus())
                .isEqualTo(500);
    }

    @Test
    void otherFailuresStayA500WithoutDetail() {
        Response response = mapper.unexpected(new IllegalStateException("CANARY-PHI-message"));
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getHeaderString("Retry-After")).isNull();
        assertThat(response.getEntity().toString()).doesNotContain("CANARY-PHI");
        assertThat(mapper.unexpected(new RuntimeException(new VertxException("some other failure")))
                        .getStatus())
                .isEqualTo(500);
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(mapper.unexpected(a).getStatus()).isEqualTo(500);
    }

    private void assertDatabaseUnavailable(Exception failure) {
        Response response = mapper.unexpected(failure);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo(CommonProblemMapper.DATABASE_RETRY_AFTER);
        Problem problem = (Problem) response.getEntity();
        assertThat(problem.type()).isEqualTo("urn:phylax:problem:database-unavailable");
    }

    /** The pg client's PgException carries its SQLSTATE the same way (it extends DatabaseException). */
    private static final class PgFailure extends DatabaseException {
        PgFailure(String sqlState) {
            super("server message", 0, sqlState);
        }
    }
}
