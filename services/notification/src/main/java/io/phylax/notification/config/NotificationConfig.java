package io.phylax.notification.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the notification service reaches the vault and how patiently it delivers. */
@ConfigMapping(prefix = "phylax.notification")
public interface NotificationConfig {

    /** Base URL of the vault's internal TLS port (the contact endpoint requires a client certificate). */
    String vaultUrl();

    /** The files for mTLS to the vault and to Keycloak's token endpoint (quarkus.tls.service-mtls is built from them). */
    Tls tls();

    /** Retries, backoff and claims of deliveries. */
    Delivery delivery();

    /**
     * The right-hand side of every notice's Message-ID ({@code <event-id@domain>}). One stable value per
     * deployment: it is how a second copy of a notice is recognised as the same message.
     */
    @WithDefault("notification.phylax.local")
    String messageIdDomain();

    /** PKCS#12 stores for the client certificate (CN=notification) and the CA the vault's certificate is from. */
    interface Tls {

        /** PKCS#12 with this service's key and certificate. */
        String keyStore();

        /** PKCS#12 with the CA certificates to trust. */
        String trustStore();

        /** Password of both stores (from a secret). */
        String password();
    }

    /** Delivery settings; the defaults ride out a relay or vault outage of several minutes. */
    interface Delivery {

        /** Attempts per event in all, counted across restarts; then the event is dead-lettered. */
        @WithDefault("10")
        int maxAttempts();

        /** Pause after the first failed attempt; it doubles after each further one. */
        @WithDefault("1S")
        Duration initialBackoff();

        /** The longest pause between two attempts. */
        @WithDefault("60S")
        Duration maxBackoff();

        /**
         * How long a claim on a delivery holds without being renewed. It is renewed before each attempt and each
         * pause, so it must outlast the longest pause plus one attempt (vault and SMTP timeouts). When a consumer
         * dies, its deliveries wait this long before another consumer takes them over.
         */
        @WithDefault("3M")
        Duration lease();

        /** How often a consumer that finds a delivery claimed by another checks whether it has settled. */
        @WithDefault("2S")
        Duration heldPoll();
    }
}
