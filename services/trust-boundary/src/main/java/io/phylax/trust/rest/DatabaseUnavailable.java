package io.phylax.trust.rest;

import java.net.SocketException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * Recognises, anywhere in an exception's cause chain, the reactive pool failing because PostgreSQL cannot be
 * reached (stopped, restarting, refusing connections): a condition the caller may retry, not a fault of the request
 * or of the service, so it is answered 503 rather than 500 (ADR 0091). Only types, SQLSTATEs and the pool's own fixed
 * messages are looked at, never anything a request supplied.
 */
final class DatabaseUnavailable {

    /**
     * SQLSTATEs the server sends while it cannot serve: admin_shutdown (fast shutdown), crash_shutdown,
     * cannot_connect_now (starting up or shutting down).
     */
    private static final Set<String> SERVER_UNAVAILABLE = Set.of("57P01", "57P02", "57P03");

    /**
     * The fixed messages of Vert.x's stack-less exceptions for a connection that closed under a request (the socket
     * connection's pending requests, the core connection's CLOSED_EXCEPTION). Their types alone are too general.
     */
    private static final Set<String> CLOSED_MESSAGES =
            Set.of("Pending requests failed to be sent due to connection has been closed.", "Connection was closed");

    private DatabaseUnavailable() {}

    /** Whether {@code failure} or one of its causes says the database cannot be reached right now. */
    static boolean in(Throwable failure) {
        // Identity set: a cause chain may loop, and exceptions may override equals.
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (unavailable(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unavailable(Throwable t) {
        if (t instanceof SocketException || t instanceof ConnectTimeoutException) {
            // Refused (ConnectException) or timed out while the pool opened a connection, or reset under a query.
            return true;
        }
        if (t instanceof ClosedConnectionException) {
            return true; // the server went away while a query was in flight
        }
        if (t instanceof DatabaseException db && db.getSqlState() != null) {
            String state = db.getSqlState();
            // Class 08 is "connection exception" as a whole.
            return state.startsWith("08") || SERVER_UNAVAILABLE.contains(state);
        }
        return (t instanceof VertxException || t instanceof NoStackTraceThrowable)
                && CLOSED_MESSAGES.contains(t.getMessage());
    }
}
