package io.phylax.vault.adapter.in.rest;

import static io.phylax.vault.adapter.in.rest.FhirMediaType.FHIR_JSON;

import java.net.URI;
import java.util.Date;
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
                .lastModified(Date.from(snapshot.lastUpdated()));
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
