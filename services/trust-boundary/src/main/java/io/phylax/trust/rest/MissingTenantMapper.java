package io.phylax.trust.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.phylax.trust.MissingTenantException;

/** A token that names no tenant is authenticated but may act on nothing: 403 with a problem body. */
@Provider
public class MissingTenantMapper implements ExceptionMapper<MissingTenantException> {

    @Override
    public Response toResponse(MissingTenantException exception) {
        return Response.status(Response.Status.FORBIDDEN)
                .type(MediaType.APPLICATION_JSON)
                .entity(Problem.of(
                        403,
                        "missing-tenant",
                        "No tenant in token",
                        "The access token carries no valid 'tenant' claim; tenant-scoped resources refuse it."))
                .build();
    }
}
