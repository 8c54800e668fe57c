package io.phylax.trust;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Builds the {@link Caller} of the current request from the verified token. Fails closed: a token without
 * a well-formed tenant claim yields no caller, and tenant-scoped endpoints refuse the request.
 */
@ApplicationScoped
public class CallerResolver {

    /** The claim that names the caller's tenant; set by Keycloak mappers. */
    public static final String TENANT_CLAIM = "tenant";

    /** Tenant ids are short slugs; anything else in the claim is treated as absent. */
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final SecurityIdentity identity;

    @Inject
    public CallerResolver(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The tenant-scoped caller, or {@link MissingTenantException} when the token names no valid tenant or client. */
    public Caller require() {
        return current().orElseThrow(MissingTenantException::new);
    }

    /** The caller when the request is authenticated with a token carrying a valid tenant claim. */
    public Optional<Caller> current() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        // Events name the client a token was issued to; a token without one is not accepted for tenant data.
        Optional<String> client = token.<String>claim("azp").filter(c -> !c.isBlank());
        if (client.isEmpty() || token.getSubject() == null) {
            return Optional.empty();
        }
        return tenantOf(token)
                .map(tenant -> new Caller(
                        tenant, token.getIssuer(), token.getSubject(), client.get(), Set.copyOf(identity.getRoles())));
    }

    static Optional<String> tenantOf(JsonWebToken token) {
        Object claim = token.getClaim(TENANT_CLAIM);
        String tenant = claim == null ? null : claim.toString().replace("\"", "");
        return Optional.ofNullable(tenant).filter(t -> TENANT_ID.matcher(t).matches());
    }
}
