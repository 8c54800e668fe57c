package io.phylax.vault.adapter.in.rest;

import java.net.URI;
import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.vault.application.port.in.ExportUseCase;
import io.phylax.vault.application.port.in.ExportUseCase.ExportView;
import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.domain.ExportFormat;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Bulk exports of a tenant's subjects with two-person approval (ADR 18). */
@Path("/api/v1/exports")
@Authenticated
@Tag(name = "Exports")
public class ExportResource {

    /** The JWE media type of a downloaded export (RFC 7516 compact serialization). */
    static final String JOSE = "application/jose";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ExportUseCase exports;

    @Inject
    RequestParts parts;

    /** Where an export stands (never its content). */
    public record ExportStatus(
            String id,
            String tenant,
            String format,
            String status,
            String requestedBy,
            String requestedAt,
            String decidedBy,
            String decidedAt,
            String producedAt,
            String expiresAt,
            Integer subjects) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Request a bulk export of the tenant's subjects (clinician or tenant-admin)",
            description = "Body {\"format\":\"ndjson\"|\"bundle\",\"publicKey\":PEM or JWK}. A different tenant-admin"
                    + " must approve it; the file is then encrypted for this RSA key (RSA-OAEP-256, A256GCM).")
    public Uni<Response> request(
            String body,
            @HeaderParam(PatientResource.CORRELATION) String correlationId,
            @HeaderParam(PatientResource.PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        JsonNode tree = object(body);
        JsonNode format = tree.get("format");
        ExportFormat parsed = (format != null && format.isTextual()
                        ? ExportFormat.ofCode(format.asText())
                        : java.util.Optional.<ExportFormat>empty())
                .orElseThrow(() -> new InvalidRequestException("format", "required: ndjson or bundle"));
        return exports.request(context, parsed, RecipientKeys.parse(tree.get("publicKey")))
                .map(view -> Response.created(URI.create("/api/v1/exports/" + view.id()))
                        .type(MediaType.APPLICATION_JSON)
                        .entity(status(view))
                        .build());
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Where an export stands (its requester or a tenant-admin)")
    public Uni<ExportStatus> status(
            @PathParam("id") String id,
            @HeaderParam(PatientResource.CORRELATION) String correlationId,
            @HeaderParam(PatientResource.PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        return exports.status(context, RequestParts.id(id, "id")).map(ExportResource::status);
    }

    @POST
    @Path("{id}/approve")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve someone else's export and produce it (tenant-admin other than the requester)")
    public Uni<ExportStatus> approve(
            @PathParam("id") String id,
            @HeaderParam(PatientResource.CORRELATION) String correlationId,
            @HeaderParam(PatientResource.PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        return exports.approve(context, RequestParts.id(id, "id")).map(ExportResource::status);
    }

    @POST
    @Path("{id}/refuse")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refuse someone else's export (tenant-admin other than the requester)")
    public Uni<ExportStatus> refuse(
            @PathParam("id") String id,
            @HeaderParam(PatientResource.CORRELATION) String correlationId,
            @HeaderParam(PatientResource.PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        return exports.refuse(context, RequestParts.id(id, "id")).map(ExportResource::status);
    }

    @GET
    @Path("{id}/file")
    @Produces({JOSE, MediaType.APPLICATION_JSON})
    @Operation(
            summary = "Download a produced export (its requester, before it expires)",
            description = "A JWE in compact serialization (RSA-OAEP-256, A256GCM) for the requester's key; its cty"
                    + " header says application/fhir+ndjson or application/fhir+json.")
    public Uni<Response> download(
            @PathParam("id") String id,
            @HeaderParam(PatientResource.CORRELATION) String correlationId,
            @HeaderParam(PatientResource.PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        return exports.download(context, RequestParts.id(id, "id"))
                .map(file -> Response.ok(file.jwe())
                        .type(JOSE)
                        .header("Content-Disposition", "attachment; filename=\"export-" + file.id() + ".jwe\"")
                        .header("Cache-Control", "no-store")
                        .build());
    }

    private static JsonNode object(String body) {
        try {
            JsonNode tree = body == null || body.isBlank() ? null : JSON.readTree(body);
            if (tree != null && tree.isObject()) {
                return tree;
            }
        } catch (JsonProcessingException e) {
            // Falls through to the refusal below; the parser's message would quote the body.
        }
        throw new InvalidRequestException(
                "body",
                "must be a JSON object such as {\"format\":\"ndjson\",\"publicKey\":\"-----BEGIN PUBLIC KEY-----...\"}");
    }

    private static ExportStatus status(ExportView view) {
        return new ExportStatus(
                view.id().toString(),
                view.tenant(),
                view.format().code(),
                view.status(),
                view.requestedBy(),
                text(view.requestedAt()),
                view.decidedBy(),
                text(view.decidedAt()),
                text(view.producedAt()),
                text(view.expiresAt()),
                view.subjects());
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
