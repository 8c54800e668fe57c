package io.phylax.vault.adapter.in.rest;

import static io.phylax.vault.adapter.in.rest.FhirMediaType.FHIR_JSON;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.vault.application.fhir.FhirCodec;
import io.phylax.vault.application.port.in.AddRecordUseCase;
import io.phylax.vault.application.port.in.BreakGlassUseCase;
import io.phylax.vault.application.port.in.CareTeamUseCase;
import io.phylax.vault.application.port.in.EraseSubjectUseCase;
import io.phylax.vault.application.port.in.HistoryEntry;
import io.phylax.vault.application.port.in.PatientQueries;
import io.phylax.vault.application.port.in.RecordQueries;
import io.phylax.vault.application.port.in.RegisterPatientUseCase;
import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.application.port.in.ResourceSnapshot;
import io.phylax.vault.application.port.in.UpdatePatientUseCase;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The clinic API for subjects (FHIR Patient) and the records filed under them. */
@Path("/api/v1/patients")
@Authenticated
@Tag(name = "Patients")
public class PatientResource {

    static final String CORRELATION = "X-Correlation-Id";
    static final String PURPOSE = "X-Purpose-Of-Use";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RegisterPatientUseCase registrations;

    @Inject
    UpdatePatientUseCase updates;

    @Inject
    PatientQueries patients;

    @Inject
    EraseSubjectUseCase erasures;

    @Inject
    AddRecordUseCase additions;

    @Inject
    RecordQueries records;

    @Inject
    BreakGlassUseCase breakGlass;

    @Inject
    CareTeamUseCase careTeams;

    @Inject
    FhirCodec fhir;

    @Inject
    RequestParts parts;

    @POST
    @Consumes({FHIR_JSON, MediaType.APPLICATION_JSON})
    @Produces(FHIR_JSON)
    @Operation(summary = "Register a patient", description = "201 with Location and ETag. Honours Idempotency-Key.")
    public Uni<Response> register(
            String body,
            @Parameter(description = "Same key and body: the first result again; same key, other body: 422")
                    @HeaderParam("Idempotency-Key")
                    String idempotencyKey,
            @HeaderParam(CORRELATION) String correlationId,
            @HeaderParam(PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        String key = RequestParts.idempotencyKey(idempotencyKey);
        return registrations
                .register(new RegisterPatientUseCase.RegisterPatientCommand(context, fhir.parse(body), key))
                .map(registered -> withResource(
                                Response.status(registered.created() ? 201 : 200), registered.snapshot())
                        .location(URI.create(
                                "/api/v1/patients/" + registered.snapshot().id()))
                        .build());
    }

    /** The body of a search: the identifier travels here rather than in a URL that logs and traces keep. */
    public record SearchRequest(String identifier) {

        @Override
        public String toString() {
            return "SearchRequest[...]";
        }
    }

    @POST
    @Path("_search")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(FHIR_JSON)
    @Operation(
            summary = "Find patients by an exact identifier or e-mail address (preferred)",
            description = "Body {\"identifier\":\"system|value\"}; e-mail addresses as email|address. A FHIR"
                    + " searchset Bundle in the caller's role view. The value stays out of URLs, logs and traces.")
    public Uni<Response> searchByBody(
            String body, @HeaderParam(CORRELATION) String correlationId, @HeaderParam(PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        return search(context, RequestParts.identifier(identifierOf(body)));
    }

    @GET
    @Produces(FHIR_JSON)
    @Operation(
            summary = "Find patients by an exact identifier or e-mail address (less private)",
            description = "identifier=system|value. Prefer POST /api/v1/patients/_search: a query string may be"
                    + " kept by proxies and browsers; the vault itself keeps it out of its logs and traces.")
    public Uni<Response> searchByQuery(
            @QueryParam("identifier") String identifier,
            @HeaderParam(CORRELATION) String correlationId,
            @HeaderParam(PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        return search(context, RequestParts.identifier(identifier));
    }

    private Uni<Response> search(RequestContext context, String[] identifier) {
        return patients.search(new PatientQueries.SearchPatientsQuery(context, identifier[0], identifier[1]))
                .map(found -> Response.ok(bundle(found, "/api/v1/patients/"))
                        .type(FHIR_JSON)
                        .build());
    }

    private static String identifierOf(String body) {
        JsonNode tree;
        try {
            tree = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(
                    "body", "must be a JSON object such as {\"identifier\":\"system|value\"}");
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidRequestException(
                    "body", "must be a JSON object such as {\"identifier\":\"system|value\"}");
        }
        // A misspelt or extra field would otherwise be ignored and the search answered as if it were asked;
        // the field's name is not repeated, because a client may put anything in it.
        tree.fieldNames().forEachRemaining(name -> {
            if (!"identifier".equals(name)) {
                throw new InvalidRequestException("body", "has a field other than identifier, the only one accepted");
            }
        });
        JsonNode identifier = tree.get("identifier");
        if (identifier != null && !identifier.isTextual()) {
            throw new InvalidRequestException("identifier", "must be a string system|value");
        }
        return identifier == null ? null : identifier.asText();
    }

    @GET
    @Path("{id}")
    @Produces(FHIR_JSON)
    @Operation(summary = "Read a patient in the caller's role view")
    public Uni<Response> read(
            @PathParam("id") String id,
            @HeaderParam(CORRELATION) String correlationId,
            @HeaderParam(PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        return patients.fetch(new PatientQueries.FetchPatientQuery(context, RequestParts.id(id, "id")))
                .map(snapshot -> withResource(Response.ok(), snapshot).build());
    }

    @PUT
    @Path("{id}")
    @Consumes({FHIR_JSON, MediaType.APPLICATION_JSON})
    @Produces(FHIR_JSON)
    @Operation(summary = "Replace a patient", description = "Needs If-Match; a stale version answers 412.")
    public Uni<Response> update(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @HeaderParam(CORRELATION) String correlationId,
            @HeaderParam(PURPOSE) String purpose,
            String body) {
        RequestContext context = parts.context(correlationId, purpose);
        UUID subjectId = RequestParts.id(id, "id");
        long expected = RequestParts.expectedVersion(ifMatch);
        return updates.update(
                        new UpdatePatientUseCase.UpdatePatientCommand(context, subjectId, expected, fhir.parse(body)))
                .map(snapshot -> withResource(Response.ok(), snapshot).build());
    }

    /** One version in a stream's history. */
    public record HistoryItem(
            long version, String event, String occurredAt, String actor, String client, JsonNode resource) {}

    @DELETE
    @Path("{id}")
    @Operation(
            summary = "Erase a patient (tenant-admin)",
            description = "Destroys the patient's data key (crypto-shredding). Reads then answer 410 Gone.")
    public Uni<Response> erase(
            @PathParam("id") String id,
            @Parameter(
                            description =
                                    "PATIENT_REQUEST, RETENTION_POLICY, TENANT_CLOSURE, LEGAL_ORDER or DUPLICATE_RECORD")
                    @QueryParam("reason")
                    String reason,
            @HeaderParam(CORRELATION) String correlationId,
            @HeaderParam(PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        UUID subjectId = RequestParts.id(id, "id");
        return erasures.erase(new EraseSubjectUseCase.EraseSubjectCommand(
                        context, subjectId, RequestParts.erasureReason(reason)))
                .map(done -> Response.noContent().build());
    }

    @GET
    @Path("{id}/history")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Versions of a patient: who and when; resources only for roles that may see them")
    public Uni<List<HistoryItem>> history(
            @PathParam("id") String id,
            @HeaderParam(CORRELATION) String correlationId,
            @HeaderParam(PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        return patients.history(new PatientQueries.FetchPatientHistoryQuery(context, RequestParts.id(id, "id")))
                .map(entries -> entries.stream().map(PatientResource::item).toList());
    }

    @POST
    @Path("{id}/records")
    @Consumes({FHIR_JSON, MediaType.APPLICATION_JSON})
    @Produces(FHIR_JSON)
    @Operation(summary = "File a clinical record under a patient")
    public Uni<Response> addRecord(
            @PathParam("id") String id,
            @HeaderParam(CORRELATION) String correlationId,
            @HeaderParam(PURPOSE) String purpose,
            String body) {
        RequestContext context = parts.context(correlationId, purpose);
        UUID subjectId = RequestParts.id(id, "id");
        return additions
                .add(new AddRecordUseCase.AddRecordCommand(context, subjectId, fhir.parse(body)))
                .map(snapshot -> withResource(Response.status(201), snapshot)
                        .location(URI.create("/api/v1/records/" + snapshot.id()))
                        .build());
    }

    @GET
    @Path("{id}/records")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The records of a patient that the caller's role may see")
    public Uni<Response> listRecords(
            @PathParam("id") String id,
            @HeaderParam(CORRELATION) String correlationId,
            @HeaderParam(PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        return records.list(new RecordQueries.ListRecordsQuery(context, RequestParts.id(id, "id")))
                .map(list -> Response.ok(bundle(list, "/api/v1/records/")).build());
    }

    /** A granted break-glass: read-only access to one patient until {@code expiresAt}. */
    public record BreakGlassGrant(
            String grantId, String subjectId, String reason, String grantedAt, String expiresAt, String access) {}

    @POST
    @Path("{id}/break-glass")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Break the glass: emergency read access to a patient outside your care team (clinician)",
            description = "Body {\"reason\":\"EMERGENCY_TREATMENT\",\"text\":\"...\"} (reason EMERGENCY_TREATMENT,"
                    + " URGENT_CONSULTATION, COVERING_CLINICIAN or PATIENT_TRANSFER; text 1 to 280 characters, kept"
                    + " encrypted). Read-only, ends by itself (default 60 minutes), recorded as a high-severity access"
                    + " event and counted in phylax_vault_break_glass_total.")
    public Uni<Response> breakGlass(
            @PathParam("id") String id,
            String body,
            @HeaderParam(CORRELATION) String correlationId,
            @HeaderParam(PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        UUID subjectId = RequestParts.id(id, "id");
        JsonNode tree = objectOf(body, "{\"reason\":\"EMERGENCY_TREATMENT\",\"text\":\"...\"}");
        return breakGlass
                .breakGlass(new BreakGlassUseCase.BreakGlassCommand(
                        context,
                        subjectId,
                        RequestParts.breakGlassReason(textField(tree, "reason")),
                        RequestParts.breakGlassText(textField(tree, "text"))))
                .map(grant -> Response.status(201)
                        .type(MediaType.APPLICATION_JSON)
                        .entity(new BreakGlassGrant(
                                grant.grantId().toString(),
                                grant.subjectId().toString(),
                                grant.reason().name(),
                                grant.grantedAt().toString(),
                                grant.expiresAt().toString(),
                                "read-only"))
                        .build());
    }

    /** The clinicians on a patient's care team, by user id. */
    public record CareTeam(String subjectId, List<String> members) {}

    @GET
    @Path("{id}/care-team")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The clinicians on a patient's care team (tenant-admin, scheduler)")
    public Uni<CareTeam> careTeam(
            @PathParam("id") String id,
            @HeaderParam(CORRELATION) String correlationId,
            @HeaderParam(PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        UUID subjectId = RequestParts.id(id, "id");
        return careTeams.members(context, subjectId).map(members -> new CareTeam(subjectId.toString(), members));
    }

    @PUT
    @Path("{id}/care-team/{userId}")
    @Operation(summary = "Put a clinician on a patient's care team by user id (tenant-admin, scheduler)")
    public Uni<Response> addToCareTeam(
            @PathParam("id") String id,
            @PathParam("userId") String userId,
            @HeaderParam(CORRELATION) String correlationId,
            @HeaderParam(PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        return careTeams
                .add(context, RequestParts.id(id, "id"), RequestParts.userId(userId))
                .map(done -> Response.noContent().build());
    }

    @DELETE
    @Path("{id}/care-team/{userId}")
    @Operation(summary = "Take a clinician off a patient's care team (tenant-admin, scheduler)")
    public Uni<Response> removeFromCareTeam(
            @PathParam("id") String id,
            @PathParam("userId") String userId,
            @HeaderParam(CORRELATION) String correlationId,
            @HeaderParam(PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        return careTeams
                .remove(context, RequestParts.id(id, "id"), RequestParts.userId(userId))
                .map(done -> Response.noContent().build());
    }

    private static JsonNode objectOf(String body, String example) {
        try {
            JsonNode tree = body == null || body.isBlank() ? null : JSON.readTree(body);
            if (tree != null && tree.isObject()) {
                return tree;
            }
        } catch (JsonProcessingException e) {
            // Falls through to the refusal below; the parser's message would quote the body.
        }
        throw new InvalidRequestException("body", "must be a JSON object such as " + example);
    }

    private static String textField(JsonNode tree, String field) {
        JsonNode node = tree.get(field);
        if (node != null && !node.isTextual()) {
            throw new InvalidRequestException(field, "must be a string");
        }
        return node == null ? null : node.asText();
    }

    /** A FHIR searchset Bundle of visible resources (bodies already role-filtered JSON). */
    static String bundle(List<ResourceSnapshot> snapshots, String urlPrefix) {
        StringBuilder json = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":")
                .append(snapshots.size())
                .append(",\"entry\":[");
        for (int i = 0; i < snapshots.size(); i++) {
            ResourceSnapshot s = snapshots.get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"fullUrl\":\"")
                    .append(urlPrefix)
                    .append(s.id())
                    .append("\",\"resource\":")
                    .append(s.json())
                    .append('}');
        }
        return json.append("]}").toString();
    }

    static Response.ResponseBuilder withResource(Response.ResponseBuilder response, ResourceSnapshot snapshot) {
        return response.entity(snapshot.json())
                .type(FHIR_JSON)
                .header("ETag", RequestParts.etag(snapshot.version()))
                .header("Last-Modified", HttpDate.format(snapshot.lastUpdated()));
    }

    private static HistoryItem item(HistoryEntry entry) {
        return new HistoryItem(
                entry.version(),
                entry.eventType(),
                entry.occurredAt().toString(),
                entry.actorSubject(),
                entry.actorClient(),
                entry.resource() == null ? null : tree(entry.resource()));
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rendered resource is not JSON", e);
        }
    }
}
