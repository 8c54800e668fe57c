package io.phylax.vault.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the PHI vault, under {@code phylax.vault}. */
@ConfigMapping(prefix = "phylax.vault")
public interface VaultConfig {

    /** Key management: which provider wraps data keys, and the unwrapped-key cache. */
    Keys keys();

    /** How bodies and data keys are protected; only the benchmark ever changes it (ADR 0090). */
    Crypto crypto();

    /** The outbox relay that publishes committed events to Kafka. */
    Outbox outbox();

    /** Group commit of access events. */
    AccessLog accessLog();

    /** The retention job for inactive subjects. */
    Retention retention();

    /** Break-glass: a clinician's time-boxed read access outside their care team (ADR 17). */
    BreakGlass breakGlass();

    /** Bulk exports with two-person approval (ADR 18). */
    Export export();

    /** How health probes judge the database connection pool (ADR 0093). */
    Pool pool();

    interface Pool {
        /** Longest a readiness probe waits for a connection and {@code SELECT 1}; slower answers DOWN. */
        @WithDefault("PT2S")
        Duration readinessTimeout();

        /**
         * How long every connection may stay in use with none given back before liveness answers DOWN, so that
         * an orchestrator restarts a replica whose pool is wedged. Far above any transaction's duration.
         */
        @WithDefault("PT30S")
        Duration wedgedAfter();
    }

    interface Crypto {
        /**
         * {@code aes-gcm} (production) or {@code none} (benchmark only: refused at start unless the Quarkus
         * {@code bench} profile is active).
         */
        @WithDefault("aes-gcm")
        CryptoMode mode();
    }

    interface Export {
        /** How long a produced export may be downloaded; afterwards its file is emptied. */
        @WithDefault("PT24H")
        Duration expiry();
    }

    interface BreakGlass {
        /** How long a grant lasts; it ends by itself, checked against the database clock at every read. */
        @WithDefault("PT60M")
        Duration duration();
    }

    interface Retention {
        /** How often the job runs (a duration such as {@code 1h}, or {@code off}). */
        @WithDefault("1h")
        String every();

        /** How long after start the first run waits. */
        @WithDefault("1m")
        String delay();

        /** Subjects selected per batch (each erased in its own transaction). */
        @WithDefault("100")
        int batchSize();
    }

    interface Keys {
        /** {@code local} (passphrase-protected PKCS#12 keyring) or {@code vault-transit}. */
        @WithDefault("local")
        String provider();

        /** How many unwrapped data keys to keep in memory at most. */
        @WithDefault("10000")
        int cacheSize();

        /** How long an unwrapped data key may stay in memory after it was unwrapped. */
        @WithDefault("PT5M")
        Duration cacheTtl();

        /**
         * Which of a tenant's blind-index keys this deployment uses (ADR 14). Leave unset in production; a
         * shared development database gives tests and the running service their own, since their keyrings
         * cannot open each other's keys.
         */
        Optional<String> indexKeyScope();

        /** Wrapped keys rewrapped per transaction by the rewrap job. */
        @WithDefault("200")
        int rewrapBatchSize();

        /** The local keyring. */
        Local local();

        /** Vault Transit / OpenBao. */
        Transit transit();

        interface Local {
            /** The PKCS#12 keyring file (created on first use). */
            Optional<Path> keyring();

            /** A file holding the keyring's passphrase (a Kubernetes Secret or the local state directory). */
            Optional<Path> passphraseFile();
        }

        interface Transit {
            /** Vault or OpenBao address, e.g. https://vault.example:8200. */
            Optional<String> address();

            /** A file holding the Vault token (for example written by the Vault agent). */
            Optional<Path> tokenFile();

            /** The Transit engine's mount path. */
            @WithDefault("transit")
            String mount();

            /** Prefix of the per-tenant key names. */
            @WithDefault("phylax-")
            String keyPrefix();

            /** Create a tenant's key on first use (local and test setups); production keys are pre-created. */
            @WithDefault("false")
            boolean createMissingKeys();

            /** Time limit of one call to the key service. */
            @WithDefault("PT5S")
            Duration timeout();
        }
    }

    interface Outbox {
        /** Messages published per round. */
        @WithDefault("500")
        int batchSize();

        /** Pause between rounds when there is nothing to publish. */
        @WithDefault("PT0.1S")
        Duration idleDelay();

        /** Pause after a failed round (broker unreachable) before trying again. */
        @WithDefault("PT2S")
        Duration retryDelay();

        /** Whether this replica takes part in publishing (exactly one replica publishes at a time). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Kafka transactional id of the relay, the same on every replica: a replica that takes over fences the last
         * leader's producer and aborts its open transaction (ADR 0092).
         */
        @WithDefault("phi-vault-outbox-relay")
        String transactionalId();

        /** Compacted topic on which each relay transaction records the event ids it published (ADR 0092). */
        @WithDefault("vault.outbox-position.v1")
        String positionTopic();
    }

    interface AccessLog {
        /** Access events written per transaction at most. */
        @WithDefault("512")
        int maxBatch();
    }
}
