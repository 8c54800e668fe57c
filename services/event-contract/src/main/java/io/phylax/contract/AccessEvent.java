package io.phylax.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * An access event on {@link Topics#PHI_ACCESS}: who touched (or was refused) which reference, how, why and
 * with what outcome. Ids and codes only; never the PHI that was read or the search terms that were used.
 *
 * @param eventId       unique id of the event (consumers deduplicate on it)
 * @param tenant        the clinic the access was scoped to
 * @param actor         who accessed
 * @param subjectId     the subject touched; null when a search had no hit
 * @param streamId      the stream touched; null when the access was not to one stream
 * @param action        what was done
 * @param outcome       how the vault answered
 * @param purpose       the declared purpose of use; null when the caller declared none
 * @param occurredAt    when the vault decided
 * @param correlationId the id tying the event to the request
 */
public record AccessEvent(
        UUID eventId,
        String tenant,
        Actor actor,
        UUID subjectId,
        UUID streamId,
        AccessAction action,
        AccessOutcome outcome,
        PurposeOfUse purpose,
        Instant occurredAt,
        String correlationId) {

    public AccessEvent {
        Constraints.required(eventId, "eventId");
        Constraints.tenant(tenant, "tenant");
        Constraints.required(actor, "actor");
        Constraints.required(action, "action");
        Constraints.required(outcome, "outcome");
        Constraints.required(occurredAt, "occurredAt");
        Constraints.correlationId(correlationId, "correlationId");
    }

    /**
     * How much attention this access deserves ({@link AccessSeverity#of}). A method, not a component: it
     * follows from the action and purpose, so it is never on the wire and never disagrees with them.
     */
    public AccessSeverity severity() {
        return AccessSeverity.of(action, purpose);
    }
}
