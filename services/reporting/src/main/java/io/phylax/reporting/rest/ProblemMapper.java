package io.phylax.reporting.rest;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.phylax.reporting.domain.InvalidQueryException;
import io.phylax.trust.rest.Problem;
import io.phylax.trust.rest.Problem.FieldError;
import io.quarkus.security.ForbiddenException;

/** Turns every failure into a problem body that names what is wrong and never echoes the request. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e) {
        return problem(new Problem(
                "urn:phylax:problem:invalid-request",
                "Invalid request",
                400,
                e.parameter() + ": " + e.getMessage(),
                List.of(new FieldError(e.parameter(), e.getMessage()))));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(Problem.of(
                403,
                "forbidden",
                "Not allowed for this role",
                "Reports are for the tenant-admin role of the caller's tenant."));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Request failed" : known.getReasonPhrase();
        return problem(Problem.of(status, "http-" + status, title, title));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Exception e) {
        LOG.errorf("unexpected %s while handling a request", e.getClass().getName());
        return problem(Problem.of(500, "internal", "Internal error", "The request could not be completed."));
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(problem)
                .build();
    }
}
