package io.phylax.vault.application.port.in;

import java.time.Instant;
import java.util.UUID;

import io.phylax.vault.domain.BreakGlassReason;
import io.smallrye.mutiny.Uni;

/** A clinician's time-boxed, read-only emergency access to a subject outside their care team (ADR 17). */
public interface BreakGlassUseCase {

    /**
     * @param text the clinician's own words; never logged or published, kept only encrypted
     */
    record BreakGlassCommand(RequestContext context, UUID subjectId, BreakGlassReason reason, String text) {

        @Override
        public String toString() {
            return "BreakGlassCommand[subjectId=" + subjectId + ", reason=" + reason + "]";
        }
    }

    /** The grant: read-only access to one subject until {@code expiresAt} (database clock). */
    record Grant(UUID grantId, UUID subjectId, BreakGlassReason reason, Instant grantedAt, Instant expiresAt) {}

    Uni<Grant> breakGlass(BreakGlassCommand command);

    /** The clinician is on the subject's care team already: there is no glass to break. */
    class NotNeededException extends RuntimeException {
        public NotNeededException() {
            super("you are on this patient's care team; break-glass is not needed");
        }
    }
}
