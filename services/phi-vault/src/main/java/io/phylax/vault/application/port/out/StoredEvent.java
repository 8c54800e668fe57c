package io.phylax.vault.application.port.out;

import java.time.Instant;
import java.util.UUID;

/**
 * One event as the event store keeps it: envelope in clear (ids, type, version, time, actor ids), body
 * encrypted under the subject's data key with associated data binding it to its place.
 */
public record StoredEvent(
        UUID eventId,
        String tenant,
        UUID subjectId,
        UUID streamId,
        String streamType,
        String recordType,
        long version,
        String eventType,
        Instant occurredAt,
        String actorIssuer,
        String actorSubject,
        String actorClient,
        byte[] ciphertext) {

    public static final String SUBJECT_STREAM = "subject";
    public static final String RECORD_STREAM = "record";
}
