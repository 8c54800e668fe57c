package io.phylax.notification.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The SMTP relay notices are sent through. Locally GreenMail; in production the operator's relay. */
@ConfigMapping(prefix = "phylax.smtp")
public interface SmtpConfig {

    /** Host name or address of the relay. */
    String host();

    /** Port of the relay (587 for submission with STARTTLS, 465 for implicit TLS). */
    @WithDefault("25")
    int port();

    /**
     * STARTTLS: {@code DISABLED}, {@code OPTIONAL} or {@code REQUIRED}. Unset means {@code REQUIRED}, except
     * for a relay on the loopback interface (a local relay or GreenMail), where it means {@code OPTIONAL}: the
     * recipient's address is PHI and must not cross a network in clear.
     */
    Optional<StartTls> startTls();

    /** Implicit TLS from the first byte (SMTPS, usually port 465) instead of STARTTLS. */
    @WithDefault("false")
    boolean ssl();

    /** User name for SMTP AUTH; none means no authentication. */
    Optional<String> username();

    /** Password for SMTP AUTH, from a secret (PHYLAX_SMTP_PASSWORD), never from a properties file. */
    Optional<String> password();

    /** Sender (header From and envelope) of every notice. */
    @WithDefault("Phylax <no-reply@phylax.local>")
    String from();

    /** How long to wait for the TCP connection to the relay. */
    @WithDefault("5S")
    Duration connectTimeout();

    /**
     * A connection on which nothing moves for this long is closed and the attempt fails (a hung relay). Kept
     * well below RFC 5321's minutes-long timeouts on purpose: every failure here is retried with the same
     * Message-ID, and the retry budget, not one stuck connection, should bound a relay outage.
     */
    @WithDefault("30S")
    Duration idleTimeout();

    /**
     * Upper bound for one whole send; must be longer than {@link #idleTimeout()}. It is what ends an attempt on a
     * hung relay: the Vert.x mail client (4.5) closes an idle connection but never completes a send that was
     * waiting for the relay's greeting, so without this bound such an attempt would wait forever.
     */
    @WithDefault("40S")
    Duration sendTimeout();

    /** Parallel connections to the relay. */
    @WithDefault("4")
    int maxPoolSize();

    /** The host name this service gives in EHLO; none means the local host name. */
    Optional<String> ownHostName();

    /** The STARTTLS modes. */
    enum StartTls {
        DISABLED,
        OPTIONAL,
        REQUIRED
    }
}
