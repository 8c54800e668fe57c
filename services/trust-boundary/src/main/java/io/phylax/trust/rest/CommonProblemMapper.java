package io.phylax.trust.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The problem bodies every service gives for failures it has no mapper of its own for: the framework's
 * HTTP errors (404, 405, 415, ...) keep their status, a database that cannot be reached is a 503 the caller may
 * retry, anything unexpected is a 500 without detail, logged by type only since an exception message may carry
 * request content. Services' own mappers come first.
 */
public class CommonProblemMapper {

    private static final Logger LOG = Logger.getLogger(CommonProblemMapper.class);

    @ServerExceptionMapper(priority = Priorities.USER + 100)
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Request failed" : known.getReasonPhrase();
        return Problem.of(status, "http-" + status, title, title).toResponse();
    }

    /** Seconds a client is asked to wait before retrying while the database is unreachable. */
    static final String DATABASE_RETRY_AFTER = "5";

    @ServerExceptionMapper(priority = Priorities.USER + 1100)
    public Response unexpected(Exception e) {
        // Checked here, not by a mapper per type: Hibernate Reactive and Mutiny wrap the pool's failure in
        // exceptions of their own, so only the cause chain tells (ADR 0091).
        if (DatabaseUnavailable.in(e)) {
            LOG.warnf("database unavailable (%s); refusing the request with 503", causeTypes(e));
            return Response.fromResponse(Problem.of(
                                    503,
                                    "database-unavailable",
                                    "Database unavailable",
                                    "The database cannot be reached right now; retry later.")
                            .toResponse())
                    .header("Retry-After", DATABASE_RETRY_AFTER)
                    .build();
        }
        LOG.errorf("unexpected %s while handling a request", causeTypes(e));
        return Problem.of(500, "internal", "Internal error", "The request could not be completed.")
                .toResponse();
    }

    /** The types along the cause chain (never the messages, which may carry request content). */
    static String causeTypes(Throwable e) {
        StringBuilder types = new StringBuilder(e.getClass().getName());
        int depth = 0;
        for (Throwable t = e.getCause(); t != null && t != e && depth < 8; t = t.getCause(), depth++) {
            types.append(" <- ").append(t.getClass().getName());
        }
        return types.toString();
    }
}
