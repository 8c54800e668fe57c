package io.phylax.vault.adapter.in.rest;

import static io.phylax.vault.adapter.in.rest.FhirMediaType.FHIR_JSON;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.phylax.vault.application.fhir.FhirCodec;
import io.phylax.vault.application.port.in.AmendRecordUseCase;
import io.phylax.vault.application.port.in.RecordQueries;
import io.phylax.vault.application.port.in.RequestContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The clinic API for one clinical record: read it, amend it. */
@Path("/api/v1/records")
@Authenticated
@Tag(name = "Records")
public class RecordResource {

    @Inject
    RecordQueries records;

    @Inject
    AmendRecordUseCase amendments;

    @Inject
    FhirCodec fhir;

    @Inject
    RequestParts parts;

    @GET
    @Path("{id}")
    @Produces(FHIR_JSON)
    @Operation(summary = "Read a record in the caller's role view")
    public Uni<Response> read(
            @PathParam("id") String id,
            @HeaderParam(PatientResource.CORRELATION) String correlationId,
            @HeaderParam(PatientResource.PURPOSE) String purpose) {
        RequestContext context = parts.context(correlationId, purpose);
        return records.fetch(new RecordQueries.FetchRecordQuery(context, RequestParts.id(id, "id")))
                .map(snapshot ->
                        PatientResource.withResource(Response.ok(), snapshot).build());
    }

    @PUT
    @Path("{id}")
    @Consumes({FHIR_JSON, MediaType.APPLICATION_JSON})
    @Produces(FHIR_JSON)
    @Operation(summary = "Amend a record", description = "Needs If-Match; a stale version answers 412.")
    public Uni<Response> amend(
            @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @HeaderParam(PatientResource.CORRELATION) String correlationId,
            @HeaderParam(PatientResource.PURPOSE) String purpose,
            String body) {
        RequestContext context = parts.context(correlationId, purpose);
        long expected = RequestParts.expectedVersion(ifMatch);
        return amendments
                .amend(new AmendRecordUseCase.AmendRecordCommand(
                        context, RequestParts.id(id, "id"), expected, fhir.parse(body)))
                .map(snapshot ->
                        PatientResource.withResource(Response.ok(), snapshot).build());
    }
}
