package io.phylax.vault.application.port.out;

import java.util.List;
import java.util.UUID;

/**
 * Everything one command writes, committed in one transaction or not at all: the new events (appended
 * with the expected version), the stream's new projection state, a new data key, the outbox messages and
 * the idempotency entry.
 *
 * @param expectedVersion the stream version the command was decided against (0: the stream is new)
 * @param newDataKey      set only when a subject is created
 * @param idempotency     set only when the request carried an Idempotency-Key
 * @param erasure         set only when the subject is being erased
 * @param index           set when the subject's blind-index terms are (re)written: they replace the old ones
 * @param careTeam        set when a clinician registers a subject: they join its care team (ADR 17)
 */
public record Commit(
        List<StoredEvent> events,
        StoredState state,
        long expectedVersion,
        WrappedDataKey newDataKey,
        List<OutboxMessage> outbox,
        IdempotencyEntry idempotency,
        Erasure erasure,
        IndexTerms index,
        CareTeamMember careTeam) {

    /** A clinician who joins a subject's care team in this commit. */
    public record CareTeamMember(String tenant, UUID subjectId, String member) {}

    /** The hashed index terms of a subject after this commit (an empty list removes them all). */
    public record IndexTerms(String tenant, UUID subjectId, List<String> termHashes) {}

    /** A client's Idempotency-Key (stored as a hash) and the subject its first request created. */
    public record IdempotencyEntry(String tenant, byte[] keyHash, UUID subjectId) {}

    /**
     * Erasure of a subject: its data key is destroyed, all its streams are marked erased and a tombstone
     * (who, when, why) is kept.
     */
    public record Erasure(
            String tenant,
            UUID subjectId,
            java.time.Instant at,
            String actorIssuer,
            String actorSubject,
            String actorClient,
            String reason) {}
}
