package io.phylax.audit.application;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant-scoped search of the log; null fields do not filter.
 *
 * @param tenant   the caller's tenant (always set: every query is scoped to it)
 * @param kind     only entries of this kind ({@code reference} or {@code access})
 * @param subject  only entries about this subject
 * @param actor    only entries by this actor (token subject)
 * @param action   only this action or reference event type
 * @param outcome  only this access outcome
 * @param from     only entries that occurred at or after this time
 * @param to       only entries that occurred before this time
 * @param afterSeq only entries after this sequence number (the cursor); -1 for the start
 * @param limit    at most this many entries
 */
public record EntryQuery(
        String tenant,
        String kind,
        UUID subject,
        String actor,
        String action,
        String outcome,
        Instant from,
        Instant to,
        long afterSeq,
        int limit) {}
