package io.phylax.vault.application.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.phylax.vault.application.port.in.ManageKeysUseCase;
import io.phylax.vault.application.port.out.KeyInventoryPort;
import io.phylax.vault.application.port.out.KeyInventoryPort.DataKeyRewrap;
import io.phylax.vault.application.port.out.KeyInventoryPort.Lease;
import io.phylax.vault.application.port.out.KeyRotationPort;
import io.phylax.vault.application.port.out.KeyServiceUnavailableException;
import io.phylax.vault.application.port.out.WrappedDataKey;
import io.phylax.vault.application.port.out.WrappedIndexKey;
import io.phylax.vault.config.VaultConfig;
import io.phylax.vault.domain.DomainRuleViolation;
import io.phylax.vault.domain.crypto.IntegrityException;
import io.quarkus.runtime.StartupEvent;

/**
 * KEK rotation and the rewrap job (ADR 0015). The job moves every wrapped data key and the blind-index key of
 * a tenant to the newest KEK version, in batches of one transaction each, without touching any event body.
 * It runs once per cluster (an advisory lock per tenant), resumes after a crash (keys already at the target
 * are not selected again, and each row is replaced only if it still holds what was read), and logs progress.
 */
@ApplicationScoped
public class KeyRotation implements ManageKeysUseCase {

    private static final Logger LOG = Logger.getLogger(KeyRotation.class);

    /** Thrown by the test hook to stop a job as a crash would: between batches, with no cleanup. */
    public static final class SimulatedCrash extends RuntimeException {
        public SimulatedCrash() {
            super("rewrap stopped by the test hook");
        }
    }

    private final KeyRotationPort keys;
    private final KeyInventoryPort inventory;
    private final int batchSize;

    private final JobMetrics metrics;

    @Inject
    public KeyRotation(KeyRotationPort keys, KeyInventoryPort inventory, VaultConfig config, JobMetrics metrics) {
        this.keys = keys;
        this.metrics = metrics;
        this.inventory = inventory;
        this.batchSize = config.keys().rewrapBatchSize();
    }

    /** A job that was running when its replica stopped is picked up again by whichever replica starts. */
    void resumeAfterRestart(@Observes StartupEvent event) {
        for (String tenant : inventory.unfinishedJobs()) {
            LOG.infof("resuming the unfinished rewrap job of tenant %s", tenant);
            launch(tenant);
        }
    }

    @Override
    public KeyStatus rotate(String tenant, String operator) {
        int version = keys.rotate(tenant);
        LOG.infof("KEK of tenant %s rotated to version %d by %s", tenant, version, operator);
        return status(tenant);
    }

    @Override
    public KeyStatus status(String tenant) {
        // The job first: a job read as finished has committed all it changed, so the counts read after it
        // include its work (read the other way round, a poll could see the job finished but the index key
        // still at its old version).
        var job = inventory.job(tenant).orElse(null);
        int current = keys.currentVersion(tenant);
        int min = inventory.minVersion(tenant);
        Map<Integer, Long> dataKeys = inventory.dataKeysPerVersion(tenant);
        int indexVersion =
                inventory.indexKey(tenant).map(WrappedIndexKey::kekVersion).orElse(0);
        long below = below(dataKeys, indexVersion, min);
        return new KeyStatus(tenant, keys.provider(), current, min, dataKeys, indexVersion, below, job);
    }

    @Override
    public KeyStatus startRewrap(String tenant, String operator) {
        LOG.infof("rewrap of tenant %s requested by %s", tenant, operator);
        launch(tenant);
        return status(tenant);
    }

    @Override
    public KeyStatus setMinVersion(String tenant, int version, String operator) {
        int current = keys.currentVersion(tenant);
        if (version < 1 || version > Math.max(current, 1)) {
            throw new DomainRuleViolation("minVersion", "must be between 1 and the current KEK version " + current);
        }
        long below = below(
                inventory.dataKeysPerVersion(tenant),
                inventory.indexKey(tenant).map(WrappedIndexKey::kekVersion).orElse(0),
                version);
        if (below > 0) {
            LOG.warnf(
                    "refused to raise the minimum KEK version of tenant %s to %d: %d wrapped keys are below it",
                    tenant, version, below);
            throw new KeysBelowMinimumException(below);
        }
        inventory.setMinVersion(tenant, version, operator);
        LOG.infof("minimum KEK version of tenant %s set to %d by %s", tenant, version, operator);
        return status(tenant);
    }

    private static long below(Map<Integer, Long> dataKeys, int indexVersion, int min) {
        long count = dataKeys.entrySet().stream()
                .filter(e -> e.getKey() < min)
                .mapToLong(Map.Entry::getValue)
                .sum();
        return count + (indexVersion > 0 && indexVersion < min ? 1 : 0);
    }

    private void launch(String tenant) {
        Thread.ofVirtual().name("rewrap-" + tenant).start(() -> {
            try {
                rewrapNow(tenant, Long.MAX_VALUE);
            } catch (RuntimeException e) {
                // The job stays unfinished and is resumed by the next request or restart.
                LOG.warnf(
                        "rewrap of tenant %s stopped: %s", tenant, e.getClass().getSimpleName());
            }
        });
    }

    /**
     * Runs the tenant's rewrap job on the calling thread if no replica is running it.
     *
     * @param stopAfter test hook: stop as a crash would once this many keys were rewrapped
     * @return false if another replica holds the job
     */
    public boolean rewrapNow(String tenant, long stopAfter) {
        Optional<Lease> lease = inventory.tryLock("rewrap:" + tenant);
        if (lease.isEmpty()) {
            LOG.infof("rewrap of tenant %s is running on another replica", tenant);
            return false;
        }
        try (Lease held = lease.get();
                JobMetrics.Running running = metrics.running(JobMetrics.REWRAP, tenant)) {
            int target = keys.currentVersion(tenant);
            KeyInventoryPort.RewrapJob job = inventory.startJob(tenant, target);
            LOG.infof(
                    "rewrap of tenant %s to KEK version %d started (%d keys already done)",
                    tenant, target, job.rewrapped());
            long done = 0;
            long failed = 0;
            UUID after = null;
            while (true) {
                List<WrappedDataKey> batch = inventory.dataKeysBelow(tenant, target, after, batchSize);
                if (batch.isEmpty()) {
                    break;
                }
                List<DataKeyRewrap> rewrapped = new ArrayList<>(batch.size());
                long batchFailed = 0;
                for (WrappedDataKey key : batch) {
                    if (done + rewrapped.size() >= stopAfter) {
                        int replaced = inventory.replaceDataKeys(rewrapped);
                        inventory.jobProgress(tenant, replaced, batchFailed);
                        metrics.rewrapped(tenant, replaced, batchFailed);
                        throw new SimulatedCrash();
                    }
                    try {
                        rewrapped.add(new DataKeyRewrap(key, keys.rewrap(key)));
                    } catch (IntegrityException e) {
                        // Left where it is, counted and reported below the minimum: never silently dropped.
                        batchFailed++;
                        LOG.errorf(
                                "data key of subject %s (tenant %s) did not authenticate; left unchanged",
                                key.subjectId(), tenant);
                    }
                }
                int replaced = inventory.replaceDataKeys(rewrapped);
                inventory.jobProgress(tenant, replaced, batchFailed);
                metrics.rewrapped(tenant, replaced, batchFailed);
                done += replaced;
                failed += batchFailed;
                after = batch.getLast().subjectId();
                LOG.infof("rewrap of tenant %s: %d keys rewrapped, %d failed so far", tenant, done, failed);
            }
            rewrapIndexKey(tenant, target);
            inventory.jobFinished(tenant);
            LOG.infof(
                    "rewrap of tenant %s to KEK version %d finished: %d rewrapped, %d failed",
                    tenant, target, done, failed);
            return true;
        } catch (KeyServiceUnavailableException e) {
            LOG.warnf("rewrap of tenant %s paused: the key service is unavailable; it resumes when restarted", tenant);
            throw e;
        }
    }

    private void rewrapIndexKey(String tenant, int target) {
        Optional<WrappedIndexKey> indexKey = inventory.indexKey(tenant);
        if (indexKey.isPresent() && indexKey.get().kekVersion() < target) {
            try {
                WrappedIndexKey rewrapped = keys.rewrap(indexKey.get());
                if (!inventory.replaceIndexKey(indexKey.get(), rewrapped)) {
                    // Someone changed the stored key between the read and the update: it stays below the
                    // target, is counted by the minimum-version check and taken by the next rewrap.
                    LOG.warnf(
                            "blind-index key of tenant %s changed while it was rewrapped to KEK version %d; left as it"
                                    + " is",
                            tenant, rewrapped.kekVersion());
                }
            } catch (IntegrityException e) {
                LOG.errorf("blind-index key of tenant %s did not authenticate; left unchanged", tenant);
            }
        }
    }
}
