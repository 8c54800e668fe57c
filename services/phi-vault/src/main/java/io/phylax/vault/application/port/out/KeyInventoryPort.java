package io.phylax.vault.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The wrapped keys a tenant has, by KEK version, and the bookkeeping of rotation: the minimum version and the
 * rewrap job. Blocking (the rewrap job runs on its own thread, one batch per transaction).
 */
public interface KeyInventoryPort {

    /** A cluster-wide claim on a job, held until closed (or until this replica's connection dies). */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** The progress of a tenant's last rewrap job. */
    record RewrapJob(
            String tenant, int targetVersion, Instant startedAt, Instant finishedAt, long rewrapped, long failed) {

        public boolean finished() {
            return finishedAt != null;
        }
    }

    /** A data key before and after rewrapping. */
    record DataKeyRewrap(WrappedDataKey before, WrappedDataKey after) {}

    /** The claim on a job if no other replica holds it. */
    Optional<Lease> tryLock(String job);

    /** Up to limit of the tenant's live data keys below the version, in subject order after the given one. */
    List<WrappedDataKey> dataKeysBelow(String tenant, int version, UUID after, int limit);

    Optional<WrappedIndexKey> indexKey(String tenant);

    /**
     * Stores rewrapped data keys in one transaction, each only if its row still holds the key as it was read
     * (so a key is never rewrapped twice, and a key destroyed meanwhile stays destroyed). Returns how many.
     */
    int replaceDataKeys(List<DataKeyRewrap> batch);

    boolean replaceIndexKey(WrappedIndexKey before, WrappedIndexKey after);

    /** How many live data keys the tenant has per KEK version. */
    Map<Integer, Long> dataKeysPerVersion(String tenant);

    /** The tenant's minimum decryption version (1 when never raised). */
    int minVersion(String tenant);

    void setMinVersion(String tenant, int version, String by);

    /** Starts (or retargets) the tenant's job; progress counters restart when the target changes. */
    RewrapJob startJob(String tenant, int targetVersion);

    void jobProgress(String tenant, long rewrapped, long failed);

    void jobFinished(String tenant);

    Optional<RewrapJob> job(String tenant);

    /** Tenants whose last rewrap job has not finished (to resume after a restart). */
    List<String> unfinishedJobs();
}
