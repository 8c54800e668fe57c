package io.phylax.trust.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Step-up for the roles that need a second factor (ADR 0063): {@code tenant-admin} and {@code auditor} are
 * granted only when the access token's {@code amr} claim contains {@code otp}. Otherwise those roles are
 * withheld from the caller's identity (the token's other roles stay) and remembered as an identity attribute,
 * so the refusal that follows can say that MFA is required. Every role check in every service
 * ({@code @RolesAllowed}, {@code SecurityIdentity.hasRole}, {@code Caller.roles}) sees the identity built
 * here, so the rule is enforced in this one place. Fails closed: a missing or malformed {@code amr} is no OTP.
 */
@ApplicationScoped
public class MfaStepUp implements SecurityIdentityAugmentor {

    /** The roles granted only to tokens from a sign-in with a one-time code. Not configurable on purpose. */
    public static final Set<String> MFA_ROLES = Set.of("tenant-admin", "auditor");

    /** The authentication methods claim (RFC 8176) Keycloak's amr mapper writes. */
    public static final String AMR_CLAIM = "amr";

    /** The RFC 8176 method value of a one-time password. */
    public static final String OTP = "otp";

    /** Identity attribute: the MFA roles withheld from this caller because its token shows no OTP. */
    public static final String WITHHELD_ROLES = MfaStepUp.class.getName() + ".withheld-roles";

    /** After any augmentor that could add roles, so that none slips past the check. */
    private static final int LAST = Integer.MIN_VALUE + 1;

    @Override
    public int priority() {
        return LAST;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(stepUp(identity));
    }

    /** The identity as the services must see it: without the MFA roles when the token shows no OTP. */
    static SecurityIdentity stepUp(SecurityIdentity identity) {
        if (identity.isAnonymous()) {
            return identity;
        }
        Set<String> withheld = new HashSet<>(identity.getRoles());
        withheld.retainAll(MFA_ROLES);
        Object amr = identity.getPrincipal() instanceof JsonWebToken token ? token.getClaim(AMR_CLAIM) : null;
        if (withheld.isEmpty() || usedOtp(amr)) {
            return identity;
        }
        Set<String> kept = new HashSet<>(identity.getRoles());
        kept.removeAll(withheld);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(WITHHELD_ROLES, Set.copyOf(withheld))
                .addRoles(kept)
                // Permissions (token scopes) are not roles: the original identity still answers for them.
                .addPermissionChecker(identity::checkPermission)
                .build();
    }

    /**
     * Whether an {@code amr} claim value says a one-time code was used: a JSON array of strings containing
     * {@code otp}. Anything else (absent, a bare string, a non-string element) counts as no.
     */
    static boolean usedOtp(Object amr) {
        Collection<?> values;
        if (amr instanceof JsonArray array) {
            values = array;
        } else if (amr instanceof Collection<?> collection) {
            values = collection;
        } else {
            return false;
        }
        boolean otp = false;
        for (Object value : values) {
            String method;
            if (value instanceof JsonString json) {
                method = json.getString();
            } else if (value instanceof String plain) {
                method = plain;
            } else {
                // A malformed claim is not partly trusted: one odd element and the whole claim counts for nothing.
                return false;
            }
            otp |= OTP.equals(method);
        }
        return otp;
    }

    /** The MFA roles withheld from {@code identity} (empty when none were, or for an anonymous caller). */
    public static Set<String> withheld(SecurityIdentity identity) {
        if (identity == null) {
            return Set.of();
        }
        Object roles = identity.getAttribute(WITHHELD_ROLES);
        if (roles instanceof Set<?> set) {
            Set<String> names = new HashSet<>();
            set.forEach(r -> names.add(String.valueOf(r)));
            return names;
        }
        return Set.of();
    }
}
