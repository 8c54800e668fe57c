package io.phylax.notification.domain;

import java.util.Set;

/**
 * Where the delivery for one event stands. A warranted event starts {@link #PENDING} and ends in exactly one
 * final status. An event that warrants no notice is {@link #IGNORED}: it gets no delivery record (ADR 0095), as
 * a redelivery of it does nothing either; rows stored as IGNORED before that stay valid.
 */
public enum DeliveryStatus {
    /** Claimed and being (or about to be) attempted; the only status that may change. */
    PENDING,
    /** The SMTP relay accepted the message. */
    SENT,
    /** The vault reported no usable channel (no e-mail, or the patient opted out): nothing was sent. */
    SKIPPED_NO_CHANNEL,
    /** Given up: a permanent error, or the retry budget ran out. The event went to the dead-letter topic. */
    FAILED,
    /** The event type warrants no notice. */
    IGNORED;

    private static final Set<DeliveryStatus> AFTER_PENDING = Set.of(SENT, SKIPPED_NO_CHANNEL, FAILED);

    /** Whether this status is the end of the delivery; a redelivered event in a final status sends nothing. */
    public boolean isFinal() {
        return this != PENDING;
    }

    /** Whether a delivery in this status may move to {@code next}. Final statuses never move. */
    public boolean mayBecome(DeliveryStatus next) {
        return this == PENDING && AFTER_PENDING.contains(next);
    }
}
