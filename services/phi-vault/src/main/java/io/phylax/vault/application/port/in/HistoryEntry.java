package io.phylax.vault.application.port.in;

import java.time.Instant;

/**
 * One version of a stream: what happened, when and by whom; the resource only for roles that may see it.
 *
 * @param resource the role-filtered resource at that version, or null
 */
public record HistoryEntry(
        long version, String eventType, Instant occurredAt, String actorSubject, String actorClient, String resource) {}
