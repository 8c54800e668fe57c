package io.phylax.notification.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a delivery is attempted after a transient failure: exponential backoff from
 * {@code initialBackoff}, doubling up to {@code maxBackoff}, for at most {@code maxAttempts} attempts in all.
 * Attempts are counted in the delivery record, so a restart does not reset the budget.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and maxBackoff at least initialBackoff");
        }
    }

    /** Whether another attempt may follow attempt number {@code attempt} (1-based) that failed transiently. */
    public boolean allowsAttemptAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** The pause after failed attempt number {@code attempt} (1-based): initial × 2^(attempt-1), capped. */
    public Duration backoffAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts are counted from 1");
        }
        Duration backoff = initialBackoff;
        for (int i = 1; i < attempt && backoff.compareTo(maxBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    /** The longest the whole budget can pause in total (excluding the attempts themselves). */
    public Duration totalBackoff() {
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt < maxAttempts; attempt++) {
            total = total.plus(backoffAfter(attempt));
        }
        return total;
    }
}
