package io.phylax.audit.adapter.in.rest;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.phylax.audit.application.InvalidRequestException;
import io.phylax.audit.application.NotAuditorException;
import io.phylax.audit.application.NotFoundException;
import io.phylax.audit.application.NotYetSignedException;
import io.phylax.audit.application.VerificationBusyException;
import io.phylax.trust.rest.Problem;
import io.phylax.trust.rest.Problem.FieldError;

/** Turns failures into problem bodies that name what is wrong and never echo a submitted value. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return problem(new Problem(
                "urn:phylax:problem:invalid-request",
                "Invalid request",
                400,
                e.field() + ": " + e.getMessage(),
                List.of(new FieldError(e.field(), e.getMessage()))));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        // The same answer whether it is missing or another tenant's.
        return problem(Problem.of(404, "not-found", "Not found", "No such resource"));
    }

    @ServerExceptionMapper
    public Response notAuditor(NotAuditorException e) {
        return problem(Problem.of(403, "forbidden", "Not allowed for this role", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notYetSigned(NotYetSignedException e) {
        return Response.fromResponse(problem(Problem.of(409, "not-yet-signed", "Not yet signed", e.getMessage())))
                .header("Retry-After", "10")
                .build();
    }

    @ServerExceptionMapper
    public Response busy(VerificationBusyException e) {
        return Response.fromResponse(
                        problem(Problem.of(409, "verification-running", "Verification running", e.getMessage())))
                .header("Retry-After", "30")
                .build();
    }

    private static Response problem(Problem problem) {
        return problem.toResponse();
    }
}
