package io.phylax.vault.config;

import java.util.List;

/**
 * How the vault protects stored bodies and data keys ({@code phylax.vault.crypto.mode}). {@link #NONE} is for
 * the benchmark's encryption-off figures only and is refused unless the Quarkus {@code bench} profile is active.
 */
public enum CryptoMode {
    /** AES-256-GCM bodies under data keys wrapped by the key service: the only production mode. */
    AES_GCM,
    /** BENCHMARK ONLY: bodies and data keys stored in clear (same framing), no key-service call for data keys. */
    NONE;

    /** The Quarkus profile under which {@link #NONE} is honoured. */
    public static final String BENCH_PROFILE = "bench";

    /**
     * Fails closed: throws unless this mode may run under the active profiles, so a stray setting in a real
     * deployment stops the vault at start instead of storing PHI in clear.
     */
    public void requireAllowedIn(List<String> activeProfiles) {
        if (this == NONE && !activeProfiles.contains(BENCH_PROFILE)) {
            throw new IllegalStateException("phylax.vault.crypto.mode=none stores PHI unencrypted and is honoured only "
                    + "when the Quarkus profile '" + BENCH_PROFILE + "' is active (active profiles: " + activeProfiles
                    + "); refusing to start. Remove the setting, or run the benchmark through make bench.");
        }
    }
}
