package io.phylax.audit.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the audit service, under {@code phylax.audit}. */
@ConfigMapping(prefix = "phylax.audit")
public interface AuditConfig {

    /** The least time entries are kept (HIPAA §164.316: six years); the service refuses to start with less. */
    Period MINIMUM_RETENTION = Period.ofYears(6);

    /**
     * How long entries are kept at least. The service has no path that deletes entries at all; this is the
     * floor any future archiving must respect, and it cannot be set below six years.
     */
    @WithDefault("P6Y")
    Period retention();

    /** The Ed25519 key that signs tree heads. */
    Signing signing();

    /** The scheduled job that signs tree heads. */
    TreeHead treeHead();

    /** Storing consumed events. */
    Ingest ingest();

    interface Signing {
        /** The PKCS#12 file holding the key pair; created with a new key pair on first start. */
        Path keystore();

        /** A file holding the keystore's passphrase (a Kubernetes Secret or the local state directory). */
        Path passphraseFile();

        /** The key's alias in the keystore. */
        @WithDefault("tree-signing")
        String alias();
    }

    interface TreeHead {
        /** How often a replica tries to sign a new tree head (one replica signs per round). */
        @WithDefault("10s")
        String interval();

        /** Entries one signing round takes in at most; a longer backlog is covered by the rounds after. */
        @WithDefault("50000")
        int maxEntriesPerRound();
    }

    interface Ingest {
        /**
         * Attempts to store a batch (or send a dead letter) before the consumer gives up and fails, leaving its
         * offsets uncommitted. Unset: keep trying until it succeeds, so an outage of the database or the broker
         * holds consumption back rather than losing or skipping anything.
         */
        OptionalInt maxAttempts();

        /** First pause between attempts; doubles up to {@link #maxBackoff()}. */
        @WithDefault("PT0.5S")
        Duration initialBackoff();

        /** Longest pause between attempts. */
        @WithDefault("PT30S")
        Duration maxBackoff();
    }
}
