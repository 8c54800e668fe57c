package io.phylax.audit.application.port.out;

import java.util.List;
import java.util.Optional;

import io.phylax.audit.application.EntryQuery;
import io.phylax.audit.domain.ChainedEntry;
import io.phylax.audit.domain.EntryDraft;
import io.smallrye.mutiny.Uni;

/** The append-only log: appends with deduplication, and tenant-scoped reads. */
public interface AuditLogPort {

    /**
     * What one append did.
     *
     * @param stored     entries added to the log
     * @param duplicates drafts whose event id the log already held (nothing was written for them)
     */
    record Appended(int stored, int duplicates) {}

    /**
     * Appends the drafts whose event ids the log does not hold yet, in order, in one transaction under the log's
     * append lock: the duplicate check, sequence numbers and chain links are decided inside that transaction, so
     * a redelivered event is never stored twice, by this replica or another. Completes once committed.
     */
    Uni<Appended> append(List<EntryDraft> drafts);

    /** Entries matching the query, in sequence order. */
    Uni<List<ChainedEntry>> find(EntryQuery query);

    /** The entry at {@code seq} if it belongs to {@code tenant}. */
    Uni<Optional<ChainedEntry>> entry(String tenant, long seq);
}
