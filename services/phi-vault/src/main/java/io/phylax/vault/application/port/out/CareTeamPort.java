package io.phylax.vault.application.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.phylax.vault.domain.access.Scope;
import io.smallrye.mutiny.Uni;

/** Care-team membership and break-glass grants; every query carries the tenant. */
public interface CareTeamPort {

    /** Where the subject stands for this user: care team, an unexpired grant (database clock), or outside. */
    Uni<Scope> scopeOf(String tenant, UUID subjectId, String member);

    Uni<List<String>> members(String tenant, UUID subjectId);

    Uni<Void> add(String tenant, UUID subjectId, String member, String addedBy);

    Uni<Void> remove(String tenant, UUID subjectId, String member);

    /**
     * Stores a grant that ends {@code duration} after now by the database clock, together with its access event
     * (one transaction), and answers the grant and expiry times the database set.
     */
    Uni<GrantTimes> grant(BreakGlassGrant grant, Duration duration, OutboxMessage accessEvent);

    /**
     * A break-glass grant as stored.
     *
     * @param reasonText the clinician's free text, already encrypted under the subject's data key
     */
    record BreakGlassGrant(
            UUID id,
            String tenant,
            UUID subjectId,
            String member,
            String actorIssuer,
            String actorClient,
            String reasonCode,
            byte[] reasonText) {}

    record GrantTimes(Instant grantedAt, Instant expiresAt) {}
}
