package io.phylax.audit.application.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.phylax.audit.application.Admission;
import io.phylax.audit.application.Delivery;
import io.phylax.audit.application.port.out.AuditLogPort;
import io.phylax.audit.application.port.out.AuditLogPort.Appended;
import io.phylax.audit.application.port.out.DeadLetterPort;
import io.phylax.audit.config.AuditConfig;
import io.phylax.audit.domain.EntryDraft;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.groups.UniRetry;

/**
 * Takes a batch of delivered messages into the log: contract-valid events are appended once each (duplicates by
 * event id are skipped inside the append transaction), everything else goes to the dead-letter topic with its
 * reason. The returned Uni completes only when both are durable; the consumer acknowledges (and so lets the
 * offsets be committed) only then, so a crash before that redelivers the batch and the append skips what it has.
 * A failed write is retried with back-off for as long as it takes (unless a limit is configured): an outage
 * says nothing about the messages, so they are neither skipped nor dead-lettered for it.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    /**
     * What one batch came to.
     *
     * @param stored       new entries
     * @param duplicates   events the log already held, or held twice in this batch
     * @param deadLettered messages refused
     */
    public record Report(int stored, int duplicates, int deadLettered) {}

    private final AuditLogPort log;
    private final DeadLetterPort deadLetters;
    private final IngestCounters counters;
    private final AuditConfig.Ingest settings;

    @Inject
    public IngestService(AuditLogPort log, DeadLetterPort deadLetters, IngestCounters counters, AuditConfig config) {
        this.log = log;
        this.deadLetters = deadLetters;
        this.counters = counters;
        this.settings = config.ingest();
    }

    public Uni<Report> ingest(List<Delivery> deliveries) {
        List<EntryDraft> drafts = new ArrayList<>(deliveries.size());
        Set<UUID> inBatch = new HashSet<>();
        List<Uni<Void>> refusals = new ArrayList<>();
        int repeatedInBatch = 0;
        for (Delivery delivery : deliveries) {
            switch (Admission.admit(delivery)) {
                case Admission.Accepted(EntryDraft draft) -> {
                    if (inBatch.add(draft.eventId())) {
                        drafts.add(draft);
                    } else {
                        repeatedInBatch++;
                    }
                }
                case Admission.Rejected(String reason) -> {
                    // Only the reason and the position: the bytes are untrusted and may not be PHI-free.
                    LOG.warnf(
                            "refused %s-%d@%d to the dead-letter topic: %s",
                            delivery.topic(), delivery.partition(), delivery.offset(), reason);
                    refusals.add(withRetries(deadLetters.deadLetter(delivery, reason)));
                }
            }
        }
        int repeated = repeatedInBatch;
        Uni<Void> refused = refusals.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(refusals).andFailFast().replaceWithVoid();
        Uni<Appended> appended =
                drafts.isEmpty() ? Uni.createFrom().item(new Appended(0, 0)) : withRetries(log.append(drafts));
        return Uni.combine().all().unis(refused, appended).asTuple().map(done -> {
            Appended result = done.getItem2();
            Report report = new Report(result.stored(), result.duplicates() + repeated, refusals.size());
            counters.add(report.stored(), report.duplicates(), report.deadLettered());
            return report;
        });
    }

    /** Rides out an outage of the database or the broker; only a configured limit lets a failure through. */
    private <T> Uni<T> withRetries(Uni<T> work) {
        UniRetry<T> retry = work.onFailure()
                .invoke(e -> LOG.warnf(
                        "writing a batch or a dead letter failed (%s); retrying",
                        e.getClass().getSimpleName()))
                .onFailure()
                .retry()
                .withBackOff(settings.initialBackoff(), settings.maxBackoff());
        return settings.maxAttempts().isPresent()
                ? retry.atMost(Math.max(0, settings.maxAttempts().getAsInt() - 1))
                : retry.indefinitely();
    }
}
