package io.phylax.audit.application.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.audit.application.EntryQuery;
import io.phylax.audit.application.Page;
import io.phylax.audit.application.port.out.AuditLogPort;
import io.phylax.audit.domain.ChainedEntry;
import io.phylax.audit.verify.LogEntry;
import io.smallrye.mutiny.Uni;

/** What auditors ask the log: searches and the accounting of disclosures, always within their own tenant. */
@ApplicationScoped
public class AuditQueries {

    private final AuditLogPort log;

    @Inject
    public AuditQueries(AuditLogPort log) {
        this.log = log;
    }

    /** Entries matching the query, one page in sequence order. */
    public Uni<Page<ChainedEntry>> events(EntryQuery query) {
        // One more than asked shows whether another page follows.
        EntryQuery probe = new EntryQuery(
                query.tenant(),
                query.kind(),
                query.subject(),
                query.actor(),
                query.action(),
                query.outcome(),
                query.from(),
                query.to(),
                query.afterSeq(),
                query.limit() + 1);
        return log.find(probe).map(found -> page(found, query.limit()));
    }

    /**
     * The accounting of disclosures of one subject (HIPAA §164.528): every access event that names it, whatever the
     * action (reads, exports, break-glass, ...) and outcome, with who, when, what and why.
     */
    public Uni<Page<ChainedEntry>> disclosures(
            String tenant, UUID subject, Instant from, Instant to, long afterSeq, int limit) {
        return events(new EntryQuery(tenant, LogEntry.ACCESS, subject, null, null, null, from, to, afterSeq, limit));
    }

    private static Page<ChainedEntry> page(List<ChainedEntry> found, int limit) {
        if (found.size() <= limit) {
            return new Page<>(found, null);
        }
        List<ChainedEntry> items = found.subList(0, limit);
        return new Page<>(List.copyOf(items), items.getLast().entry().seq());
    }
}
