package io.phylax.trust;

import java.util.Set;

/**
 * Who is calling, as established from a verified access token: the tenant every query is scoped to, the
 * token's subject and issuer, the OAuth client it was issued to, and the realm roles it carries.
 *
 * @param tenant   the clinic the caller acts for (the {@code tenant} claim)
 * @param issuer   the token issuer
 * @param subject  the token subject (a user or a service account)
 * @param clientId the client the token was issued to ({@code azp})
 * @param roles    the caller's roles
 */
public record Caller(String tenant, String issuer, String subject, String clientId, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
