package io.phylax.vault.domain.event;

import java.time.Instant;
import java.util.UUID;

/**
 * A change to a subject or record stream, as stored (encrypted) in the event store. The body of every
 * event is PHI; only the envelope fields (ids, type, version, time, actor) are kept in clear.
 */
public sealed interface VaultEvent
        permits PatientRegistered, PatientUpdated, RecordAdded, RecordAmended, SubjectErased {

    /** Envelope shared by every event. */
    record Meta(
            UUID eventId,
            String tenant,
            UUID subjectId,
            UUID streamId,
            long version,
            Instant occurredAt,
            Actor actor) {}

    /** Who caused the event: the token's issuer, subject and client. Ids only. */
    record Actor(String issuer, String subject, String clientId) {}

    Meta meta();

    /** The event type's name, as stored and as published in the redacted reference event. */
    default String type() {
        return getClass().getSimpleName();
    }
}
