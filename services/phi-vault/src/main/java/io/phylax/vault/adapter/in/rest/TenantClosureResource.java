package io.phylax.vault.adapter.in.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.phylax.vault.application.port.in.NotFoundException;
import io.phylax.vault.application.port.in.TenantClosureUseCase;
import io.phylax.vault.application.port.in.TenantClosureUseCase.ClosureReport;

/**
 * The operators' tenant-closure API (role {@code vault-operator}, ADR 19): close a tenant's account, and read
 * the closure's progress and final report. Blocking calls, so they run on worker threads.
 */
@Path("/api/v1/admin/tenants/{tenant}/closure")
@RolesAllowed(KeyAdminResource.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tenant closure")
public class TenantClosureResource {

    @Inject
    TenantClosureUseCase closures;

    @Inject
    JsonWebToken token;

    @POST
    @Operation(
            summary = "Close a tenant's account: erase every subject, destroy its keys (202)",
            description = "Irreversible. The tenant registers nothing from now on; the job runs once per cluster,"
                    + " resumes after a crash, and its report is at GET.")
    public Response close(@PathParam("tenant") String tenant) {
        return Response.accepted(closures.close(KeyAdminResource.tenant(tenant), operator()))
                .build();
    }

    @GET
    @Operation(summary = "Progress of the closure, and its final report once finishedAt is set")
    public ClosureReport report(@PathParam("tenant") String tenant) {
        return closures.report(KeyAdminResource.tenant(tenant)).orElseThrow(() -> new NotFoundException("closure"));
    }

    private String operator() {
        return KeyAdminResource.operator(token);
    }
}
