package io.phylax.vault.application.port.in;

import java.util.Map;

import io.phylax.vault.application.port.out.KeyInventoryPort.RewrapJob;

/** Operators' key lifecycle for one tenant: rotate the KEK, rewrap keys to it, raise the minimum version. */
public interface ManageKeysUseCase {

    /**
     * Where a tenant's keys stand.
     *
     * @param dataKeys        live wrapped data keys per KEK version
     * @param indexKeyVersion the KEK version of the blind-index key (0: none yet)
     * @param belowMinimum    wrapped keys (data and index) still below the minimum version: reported, never dropped
     * @param job             the last rewrap job, or null
     */
    record KeyStatus(
            String tenant,
            String provider,
            int currentVersion,
            int minVersion,
            Map<Integer, Long> dataKeys,
            int indexKeyVersion,
            long belowMinimum,
            RewrapJob job) {}

    /** Raising the minimum was refused: these many wrapped keys are still below it. */
    class KeysBelowMinimumException extends RuntimeException {
        private final long below;

        public KeysBelowMinimumException(long below) {
            super(below + " wrapped keys are below the requested minimum version; rewrap them first");
            this.below = below;
        }

        public long below() {
            return below;
        }
    }

    /** Adds a KEK version; returns the status afterwards. */
    KeyStatus rotate(String tenant, String operator);

    KeyStatus status(String tenant);

    /** Starts the rewrap job, or resumes it; answers at once (the job runs on its own thread). */
    KeyStatus startRewrap(String tenant, String operator);

    /** Raises (or lowers) the minimum decryption version; refused while any key is below it. */
    KeyStatus setMinVersion(String tenant, int version, String operator);
}
