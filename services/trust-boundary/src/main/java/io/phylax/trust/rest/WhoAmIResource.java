package io.phylax.trust.rest;

import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.phylax.trust.Caller;
import io.phylax.trust.CallerResolver;
import io.quarkus.security.Authenticated;

/**
 * Tells an integrator how a service sees their token: tenant, client and roles. Useful when wiring up a
 * clinic's system; it reveals nothing the caller's own token does not already say.
 */
@Path("/api/v1/whoami")
@Authenticated
public class WhoAmIResource {

    /** The caller as this service understands it. */
    public record WhoAmI(String tenant, String clientId, Set<String> roles) {}

    @Inject
    CallerResolver callers;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public WhoAmI whoAmI() {
        Caller caller = callers.require();
        return new WhoAmI(caller.tenant(), caller.clientId(), new TreeSet<>(caller.roles()));
    }
}
