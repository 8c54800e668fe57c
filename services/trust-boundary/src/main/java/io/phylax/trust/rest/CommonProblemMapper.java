package io.phylax.trust.rest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The problem bodies every service gives for failures it has no mapper of its own for: the framework's
 * HTTP errors (404, 405, 415, ...) keep their status, anything unexpected is a 500 without detail, logged
 * by type only since an exception message may carry request content. Services' own mappers come first.
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

    @ServerExceptionMapper(priority = Priorities.USER + 1100)
    public Response unexpected(Exception e) {
        LOG.errorf("unexpected %s while handling a request", e.getClass().getName());
        return Problem.of(500, "internal", "Internal error", "The request could not be completed.")
                .toResponse();
    }
}
