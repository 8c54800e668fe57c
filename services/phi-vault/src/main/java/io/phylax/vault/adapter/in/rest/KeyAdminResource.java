package io.phylax.vault.adapter.in.rest;

import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.vault.application.port.in.ManageKeysUseCase;
import io.phylax.vault.application.port.in.ManageKeysUseCase.KeyStatus;
import io.phylax.vault.application.port.in.ReindexUseCase;

/**
 * The operators' key API (role {@code vault-operator}, a token that names no tenant): rotate a tenant's KEK,
 * rewrap its keys, and raise its minimum decryption version. Blocking calls, so they run on worker threads.
 */
@Path("/api/v1/admin/keys/{tenant}")
@RolesAllowed(KeyAdminResource.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Key administration")
public class KeyAdminResource {

    static final String OPERATOR = "vault-operator";
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ManageKeysUseCase keys;

    @Inject
    ReindexUseCase reindexing;

    @Inject
    JsonWebToken token;

    @GET
    @Operation(summary = "Current and minimum KEK version, wrapped keys per version, the last rewrap job")
    public KeyStatus status(@PathParam("tenant") String tenant) {
        return keys.status(tenant(tenant));
    }

    @POST
    @Path("rotate")
    @Operation(summary = "Add a KEK version; new data keys use it at once")
    public KeyStatus rotate(@PathParam("tenant") String tenant) {
        return keys.rotate(tenant(tenant), operator());
    }

    @POST
    @Path("rewrap")
    @Operation(summary = "Start or resume the rewrap job (202); progress in GET and in the logs")
    public Response rewrap(@PathParam("tenant") String tenant) {
        return Response.accepted(keys.startRewrap(tenant(tenant), operator())).build();
    }

    @POST
    @Path("reindex")
    @Operation(
            summary = "Rebuild the tenant's blind index from its subjects' current state (202)",
            description = "For subjects registered before the index existed. Idempotent: start it again if it stops.")
    public Response reindex(@PathParam("tenant") String tenant) {
        reindexing.startReindex(tenant(tenant), operator());
        return Response.accepted().build();
    }

    @PUT
    @Path("min-version")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the minimum decryption version; 409 while wrapped keys are below it")
    public KeyStatus minVersion(@PathParam("tenant") String tenant, String body) {
        return keys.setMinVersion(tenant(tenant), minVersionOf(body), operator());
    }

    static String tenant(String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new InvalidRequestException("tenant", "must be a tenant id (lower-case letters, digits, '-')");
        }
        return tenant;
    }

    private static int minVersionOf(String body) {
        try {
            JsonNode node = body == null ? null : JSON.readTree(body).get("minVersion");
            if (node != null && node.canConvertToInt() && node.isIntegralNumber()) {
                return node.intValue();
            }
        } catch (java.io.IOException e) {
            // Falls through to the refusal below.
        }
        throw new InvalidRequestException("minVersion", "required: a whole number, e.g. {\"minVersion\":2}");
    }

    /** Who asked, for the logs: the operator's client (ids only). */
    private String operator() {
        return operator(token);
    }

    static String operator(JsonWebToken token) {
        String client = token.getClaim("azp");
        return client == null ? String.valueOf(token.getSubject()) : client;
    }
}
