package io.phylax.contract;

import java.util.List;

/**
 * The Kafka topics of the platform. The PHI vault alone writes {@link #PHI_EVENTS} and {@link #PHI_ACCESS};
 * each consumer reads with a group named after itself and writes only its own topics. Nothing on any of
 * them carries PHI: only ids, the tenant, types, versions, times and correlation ids.
 */
public final class Topics {

    /** Redacted reference events: a subject or record changed (keyed by subject id). */
    public static final String PHI_EVENTS = "phi.events.v1";
    /** Access events: who read, searched or was denied which reference (keyed by subject id). */
    public static final String PHI_ACCESS = "phi.access.v1";
    /** Messages the audit service could not accept, with the reason. */
    public static final String AUDIT_DLQ = "audit.dlq.v1";
    /** Events the notification service gave up on, with the reason. */
    public static final String NOTIFICATION_DLQ = "notification.dlq.v1";
    /** Delivery outcomes of notifications (event id, channel kind, status; no address, no content). */
    public static final String NOTIFICATION_OUTCOMES = "notification.outcomes.v1";
    /** Messages the reporting service could not accept, with the reason. */
    public static final String REPORTING_DLQ = "reporting.dlq.v1";
    /**
     * The vault's outbox relay's own record of what its last Kafka transaction published (event ids only, ADR
     * 0092). Compacted, one partition; the vault alone reads and writes it. Not for consumers.
     */
    public static final String RELAY_POSITION = "vault.outbox-position.v1";

    private Topics() {}

    /** Every topic the platform expects the broker to have. */
    public static List<String> all() {
        return List.of(
                PHI_EVENTS,
                PHI_ACCESS,
                AUDIT_DLQ,
                NOTIFICATION_DLQ,
                NOTIFICATION_OUTCOMES,
                REPORTING_DLQ,
                RELAY_POSITION);
    }
}
