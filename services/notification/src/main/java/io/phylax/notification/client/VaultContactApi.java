package io.phylax.notification.client;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.oidc.client.filter.OidcClientFilter;

/**
 * The vault's internal contact endpoint, called over mTLS with this service's certificate (TLS configuration
 * {@code service-mtls}) and its service-account token (the OIDC client filter), which Keycloak bound to that
 * same certificate (ADR 0064).
 */
@RegisterRestClient(configKey = "vault-contacts")
@OidcClientFilter
@Path("/internal/v1/contacts")
public interface VaultContactApi {

    /**
     * @param correlationId the event's correlation id, so the vault's access event for this read ties back to
     *                      the change that caused it
     */
    @GET
    @Path("/{subjectId}")
    @Produces(MediaType.APPLICATION_JSON)
    ContactResponse contactOf(
            @PathParam("subjectId") UUID subjectId,
            @QueryParam("tenant") String tenant,
            @QueryParam("correlationId") String correlationId);

    /** The vault's answer; {@link #toString()} leaves the address out. */
    record ContactResponse(String channel, String address) {

        @Override
        public String toString() {
            return "ContactResponse[" + channel + "]";
        }
    }
}
