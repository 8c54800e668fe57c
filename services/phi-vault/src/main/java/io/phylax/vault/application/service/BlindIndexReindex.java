package io.phylax.vault.application.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.phylax.vault.application.port.in.ReindexUseCase;
import io.phylax.vault.application.port.out.BlindIndexPort;
import io.phylax.vault.application.port.out.BlindIndexPort.SubjectVersion;
import io.phylax.vault.application.port.out.EventStorePort;
import io.phylax.vault.application.port.out.KeyInventoryPort;
import io.phylax.vault.application.port.out.KeyInventoryPort.Lease;
import io.phylax.vault.config.VaultConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Re-indexes a tenant's live subjects for blind-index search (ADR 14): each subject's current state is
 * decrypted, its terms recomputed with the tenant's HMAC key and stored in place of the old ones, one subject
 * per transaction, skipping a subject whose state changed meanwhile (that change indexed it). Once per cluster
 * (an advisory lock per tenant); idempotent, so a run that dies is simply started again.
 */
@ApplicationScoped
public class BlindIndexReindex implements ReindexUseCase {

    private static final Logger LOG = Logger.getLogger(BlindIndexReindex.class);

    private final BlindIndexPort index;
    private final EventStorePort store;
    private final KeyInventoryPort inventory;
    private final DataKeys dataKeys;
    private final Sealer sealer;
    private final BlindIndex blindIndex;
    private final JobMetrics metrics;
    private final Vertx vertx;
    private final int batchSize;

    @Inject
    @SuppressWarnings("java:S107") // constructor injection
    public BlindIndexReindex(
            BlindIndexPort index,
            EventStorePort store,
            KeyInventoryPort inventory,
            DataKeys dataKeys,
            Sealer sealer,
            BlindIndex blindIndex,
            JobMetrics metrics,
            Vertx vertx,
            VaultConfig config) {
        this.index = index;
        this.store = store;
        this.inventory = inventory;
        this.dataKeys = dataKeys;
        this.sealer = sealer;
        this.blindIndex = blindIndex;
        this.metrics = metrics;
        this.vertx = vertx;
        this.batchSize = config.retention().batchSize();
    }

    @Override
    public boolean startReindex(String tenant, String operator) {
        LOG.infof("re-index of tenant %s requested by %s", tenant, operator);
        Thread.ofVirtual().name("reindex-" + tenant).start(() -> {
            try {
                reindexNow(tenant);
            } catch (RuntimeException e) {
                LOG.warnf(
                        "re-index of tenant %s stopped: %s; start it again",
                        tenant, e.getClass().getSimpleName());
            }
        });
        return true;
    }

    /**
     * Re-indexes the tenant on the calling thread if no replica is doing it.
     *
     * @return how many subjects were re-indexed, or -1 if another replica holds the job
     */
    public long reindexNow(String tenant) {
        Optional<Lease> lease = inventory.tryLock("reindex:" + tenant);
        if (lease.isEmpty()) {
            LOG.infof("re-index of tenant %s is running on another replica", tenant);
            return -1;
        }
        try (Lease held = lease.get();
                JobMetrics.Running running = metrics.running(JobMetrics.REINDEX, tenant)) {
            long done = 0;
            UUID after = null;
            while (true) {
                UUID from = after;
                List<SubjectVersion> batch = await(() -> index.liveSubjects(tenant, from, batchSize));
                if (batch.isEmpty()) {
                    break;
                }
                for (SubjectVersion subject : batch) {
                    if (await(() -> reindex(tenant, subject))) {
                        done++;
                        metrics.reindexed(tenant);
                    }
                }
                after = batch.getLast().subjectId();
                LOG.infof("re-index of tenant %s: %d subjects so far", tenant, done);
            }
            LOG.infof("re-index of tenant %s finished: %d subjects", tenant, done);
            return done;
        }
    }

    private Uni<Boolean> reindex(String tenant, SubjectVersion subject) {
        UUID id = subject.subjectId();
        return store.findState(tenant, id).flatMap(found -> {
            if (found.isEmpty() || found.get().erased() || found.get().version() != subject.version()) {
                // Erased or changed since it was listed: nothing to do, or already indexed by the change.
                return Uni.createFrom().item(false);
            }
            return dataKeys.keyOf(tenant, id)
                    .flatMap(key -> blindIndex
                            .keyFor(tenant)
                            .flatMap(indexKey -> index.reindex(
                                    tenant,
                                    id,
                                    subject.version(),
                                    blindIndex
                                            .terms(tenant, id, sealer.openState(found.get(), key), indexKey)
                                            .termHashes())));
        });
    }

    private <T> T await(java.util.function.Supplier<Uni<T>> work) {
        return OnContext.await(vertx, Duration.ofSeconds(30), work);
    }
}
