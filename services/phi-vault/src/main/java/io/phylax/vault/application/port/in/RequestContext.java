package io.phylax.vault.application.port.in;

import java.util.Objects;

import io.phylax.contract.PurposeOfUse;
import io.phylax.trust.Caller;
import io.phylax.vault.domain.access.AccessPolicy;
import io.phylax.vault.domain.access.Scope;

/**
 * Who asks, why, and the correlation id that ties the request to its events.
 *
 * @param purpose the declared purpose of use, if the caller gave one
 * @param scope   where the subject at hand stands for a clinician caller (ADR 17); null when not resolved
 */
public record RequestContext(Caller caller, String correlationId, PurposeOfUse purpose, Scope scope) {

    public RequestContext {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(correlationId, "correlationId");
    }

    public RequestContext(Caller caller, String correlationId, PurposeOfUse purpose) {
        this(caller, correlationId, purpose, null);
    }

    public String tenant() {
        return caller.tenant();
    }

    /**
     * This request as it may read a subject in the given scope: outside the care team the clinician role
     * counts for nothing; under break-glass the purpose is emergency treatment whatever the caller declared,
     * so every access event of the read says so (and is high severity).
     */
    public RequestContext scopedForRead(Scope scope) {
        return new RequestContext(
                withRoles(AccessPolicy.readRoles(caller.roles(), scope)),
                correlationId,
                scope == Scope.BREAK_GLASS ? PurposeOfUse.ETREAT : purpose,
                scope);
    }

    /** This request as it may write to a subject in the given scope: only the care team writes as a clinician. */
    public RequestContext scopedForWrite(Scope scope) {
        return new RequestContext(
                withRoles(AccessPolicy.writeRoles(caller.roles(), scope)), correlationId, purpose, scope);
    }

    /**
     * The refusal for a caller whose (scoped) roles do not allow the action: a clinician outside the care
     * team learns that break-glass is available; a write under break-glass that it is read-only.
     */
    public AccessDeniedException denied(String reason) {
        if (scope == Scope.OUTSIDE) {
            return new OutsideCareTeamException();
        }
        if (scope == Scope.BREAK_GLASS) {
            return new AccessDeniedException("break-glass access is read-only");
        }
        return new AccessDeniedException(reason);
    }

    private Caller withRoles(java.util.Set<String> roles) {
        return new Caller(caller.tenant(), caller.issuer(), caller.subject(), caller.clientId(), roles);
    }
}
