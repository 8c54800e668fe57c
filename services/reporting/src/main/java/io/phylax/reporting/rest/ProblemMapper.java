package io.phylax.reporting.rest;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.phylax.reporting.domain.InvalidQueryException;
import io.phylax.trust.rest.Problem;
import io.phylax.trust.rest.Problem.FieldError;
import io.quarkus.security.ForbiddenException;

/** Turns every failure into a problem body that names what is wrong and never echoes the request. */
public class ProblemMapper {

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

    private static Response problem(Problem problem) {
        return problem.toResponse();
    }
}
