package io.phylax.audit.domain;

import java.time.Instant;
import java.util.UUID;

import io.phylax.audit.verify.LogEntry;

/**
 * An admitted event before it has a place in the log: everything of a {@link LogEntry} but the sequence number and
 * the time it was stored, which the append assigns under the log's lock.
 */
public record EntryDraft(
        UUID eventId,
        String kind,
        String tenant,
        UUID subjectId,
        UUID streamId,
        String streamType,
        String recordType,
        Long streamVersion,
        String actorIssuer,
        String actorSubject,
        String actorClient,
        String action,
        String outcome,
        String purpose,
        Instant occurredAt,
        String correlationId) {

    public LogEntry at(long seq, Instant receivedAt) {
        return new LogEntry(
                seq,
                eventId,
                kind,
                tenant,
                subjectId,
                streamId,
                streamType,
                recordType,
                streamVersion,
                actorIssuer,
                actorSubject,
                actorClient,
                action,
                outcome,
                purpose,
                occurredAt,
                correlationId,
                receivedAt);
    }
}
