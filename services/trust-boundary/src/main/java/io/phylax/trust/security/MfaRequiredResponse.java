package io.phylax.trust.security;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.phylax.trust.rest.Problem;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Turns a 403 answered to a caller whose MFA roles were withheld ({@link MfaStepUp}) into a problem body that
 * says a sign-in with a one-time code is required, and logs the refusal by reason code and route only
 * (ADR 0062, 0063): never the token, a claim or the query string. Whichever check refused the caller
 * ({@code @RolesAllowed} or a service's own rule), the remedy is the same.
 */
public class MfaRequiredResponse {

    private static final Logger LOG = Logger.getLogger(MfaRequiredResponse.class);

    /** The problem type and the reason code in logs and in {@code phylax_access_denials_total}. */
    public static final String REASON = "mfa-required";

    @Inject
    SecurityIdentity identity;

    @ServerResponseFilter
    public void mfaRequired(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 403 || MfaStepUp.withheld(identity).isEmpty()) {
            return;
        }
        LOG.warnf(
                "access refused: reason=%s request=%s /%s",
                REASON, request.getMethod(), request.getUriInfo().getPath().replaceFirst("^/", ""));
        response.setEntity(
                Problem.of(
                        403,
                        REASON,
                        "Multi-factor authentication required",
                        "This operation needs a role that is granted only to access tokens from a sign-in with a"
                                + " one-time code (amr \"otp\"). Sign in again with your authenticator app."),
                null,
                MediaType.APPLICATION_JSON_TYPE);
    }
}
