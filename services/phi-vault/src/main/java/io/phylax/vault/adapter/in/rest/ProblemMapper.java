package io.phylax.vault.adapter.in.rest;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.phylax.trust.rest.Problem;
import io.phylax.trust.rest.Problem.FieldError;
import io.phylax.vault.application.fhir.InvalidResourceException;
import io.phylax.vault.application.port.in.AccessDeniedException;
import io.phylax.vault.application.port.in.BreakGlassUseCase;
import io.phylax.vault.application.port.in.ExportUseCase;
import io.phylax.vault.application.port.in.IdempotencyKeyReusedException;
import io.phylax.vault.application.port.in.ManageKeysUseCase;
import io.phylax.vault.application.port.in.NotFoundException;
import io.phylax.vault.application.port.in.OutsideCareTeamException;
import io.phylax.vault.application.port.out.KeyServiceUnavailableException;
import io.phylax.vault.domain.DomainRuleViolation;
import io.phylax.vault.domain.StaleVersionException;
import io.phylax.vault.domain.SubjectErasedException;
import io.phylax.vault.domain.crypto.IntegrityException;

/**
 * Turns every failure into a problem body that names what is wrong and never echoes the request (which
 * may carry PHI). Framework errors and unexpected failures are left to the shared CommonProblemMapper.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response invalidResource(InvalidResourceException e) {
        return problem(new Problem(type("invalid-resource"), "Invalid FHIR resource", 400, e.getMessage(), e.errors()));
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return problem(new Problem(
                type("invalid-request"),
                "Invalid request",
                400,
                e.field() + ": " + e.getMessage(),
                List.of(new FieldError(e.field(), e.getMessage()))));
    }

    @ServerExceptionMapper
    public Response ruleViolated(DomainRuleViolation e) {
        return problem(new Problem(
                type("unprocessable"),
                "Request breaks a rule",
                422,
                e.field() + ": " + e.getMessage(),
                List.of(new FieldError(e.field(), e.getMessage()))));
    }

    @ServerExceptionMapper
    public Response idempotencyKeyReused(IdempotencyKeyReusedException e) {
        return problem(Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response keysBelowMinimum(ManageKeysUseCase.KeysBelowMinimumException e) {
        return problem(new Problem(
                type("keys-below-minimum"),
                "Wrapped keys are below the requested minimum",
                409,
                e.getMessage(),
                List.of(new FieldError("minVersion", e.below() + " wrapped keys are below it"))));
    }

    @ServerExceptionMapper
    public Response stale(StaleVersionException e) {
        return problem(Problem.of(
                412,
                "stale-version",
                "Version is not current",
                "If-Match names version " + e.expected() + "; read the resource again and reapply the change"));
    }

    @ServerExceptionMapper
    public Response preconditionRequired(PreconditionRequiredException e) {
        return problem(Problem.of(428, "precondition-required", "If-Match required", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        // The same answer whether the resource is missing or belongs to another tenant.
        return problem(Problem.of(404, "not-found", "Not found", "No such resource"));
    }

    @ServerExceptionMapper
    public Response gone(SubjectErasedException e) {
        return problem(Problem.of(410, "gone", "Erased", "This subject was erased; nothing of it can be read."));
    }

    @ServerExceptionMapper
    public Response outsideCareTeam(OutsideCareTeamException e) {
        return problem(Problem.of(
                403,
                "outside-care-team",
                "Outside your care team",
                "This patient is outside your care team. Break-glass is available: POST"
                        + " /api/v1/patients/{id}/break-glass with a reason gives read-only access for a limited time,"
                        + " and is recorded and alerted on."));
    }

    @ServerExceptionMapper
    public Response exportRefused(ExportUseCase.ExportRefusedException e) {
        return problem(Problem.of(e.status(), e.type(), e.title(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response breakGlassNotNeeded(BreakGlassUseCase.NotNeededException e) {
        return problem(Problem.of(409, "break-glass-not-needed", "Break-glass not needed", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response denied(AccessDeniedException e) {
        return problem(Problem.of(403, "forbidden", "Not allowed for this role", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response keyServiceUnavailable(KeyServiceUnavailableException e) {
        LOG.warn("key service unavailable; refusing the request (fail closed)");
        return Response.fromResponse(problem(Problem.of(
                        503,
                        "key-service-unavailable",
                        "Key service unavailable",
                        "Encryption keys cannot be reached; nothing was read or written. Retry later.")))
                .header("Retry-After", "5")
                .build();
    }

    @ServerExceptionMapper
    public Response integrity(IntegrityException e) {
        LOG.error("a stored ciphertext failed authentication; no data was served");
        return problem(Problem.of(
                500, "integrity-failure", "Stored data failed its integrity check", "No data was returned."));
    }

    private static String type(String name) {
        return "urn:phylax:problem:" + name;
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(problem)
                .build();
    }
}
