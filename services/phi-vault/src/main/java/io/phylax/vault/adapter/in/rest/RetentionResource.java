package io.phylax.vault.adapter.in.rest;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.application.port.in.RetentionUseCase;
import io.quarkus.security.Authenticated;

/** A tenant-admin's retention policy for inactive subjects (blocking: runs on worker threads). */
@Path("/api/v1/admin/retention")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Retention")
public class RetentionResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The policy: subjects with no change for this many days are erased; null when none is set. */
    public record RetentionPolicy(String tenant, Integer inactiveAfterDays) {}

    @Inject
    RetentionUseCase retention;

    @Inject
    RequestParts parts;

    @GET
    @Operation(summary = "The tenant's retention policy (tenant-admin)")
    public RetentionPolicy get(
            @HeaderParam(PatientResource.CORRELATION) String correlationId,
            @HeaderParam(PatientResource.PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        return new RetentionPolicy(context.tenant(), retention.policy(context).orElse(null));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set the tenant's retention policy (tenant-admin)",
            description = "Body {\"inactiveAfterDays\":N}: subjects whose last change (subject or records) is older"
                    + " are erased by the retention job, as DELETE with reason RETENTION_POLICY.")
    public RetentionPolicy put(
            String body,
            @HeaderParam(PatientResource.CORRELATION) String correlationId,
            @HeaderParam(PatientResource.PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        int days = daysOf(body);
        retention.setPolicy(context, days);
        return new RetentionPolicy(context.tenant(), days);
    }

    private static int daysOf(String body) {
        try {
            JsonNode node = body == null ? null : JSON.readTree(body).get("inactiveAfterDays");
            if (node != null && node.isIntegralNumber() && node.canConvertToInt()) {
                return node.intValue();
            }
        } catch (IOException e) {
            // Falls through to the refusal below.
        }
        throw new InvalidRequestException(
                "inactiveAfterDays", "required: a whole number of days, e.g. {\"inactiveAfterDays\":3650}");
    }
}
