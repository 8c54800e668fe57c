package io.phylax.notification.service;

import java.time.Duration;
import java.util.Objects;

import io.phylax.notification.domain.RetryPolicy;

/**
 * How deliveries are run.
 *
 * @param retry           attempts and backoff for transient failures
 * @param lease           how long a claim holds without renewal; longer than one attempt plus the longest backoff
 * @param heldPoll        how often a consumer that finds the delivery held by another checks again
 * @param messageIdDomain the right-hand side of the Message-ID ({@code <event-id@domain>})
 */
public record DeliverySettings(RetryPolicy retry, Duration lease, Duration heldPoll, String messageIdDomain) {

    public DeliverySettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(heldPoll, "heldPoll");
        Objects.requireNonNull(messageIdDomain, "messageIdDomain");
        // A claim that lapses during a backoff pause would let a second consumer send the same notice.
        if (lease.compareTo(retry.maxBackoff()) <= 0) {
            throw new IllegalArgumentException("the lease must be longer than the longest backoff");
        }
        if (!messageIdDomain.matches("[A-Za-z0-9.-]{1,200}")) {
            throw new IllegalArgumentException("the Message-ID domain must be a host name");
        }
    }
}
