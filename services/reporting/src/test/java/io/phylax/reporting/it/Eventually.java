package io.phylax.reporting.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded waits for what the consumer does asynchronously; never a fixed sleep, never a timing assertion. */
final class Eventually {

    /** Long enough for a consumer that has just joined its group to catch up on the topic. */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private Eventually() {}

    /** Probes until {@code done} holds, and returns the value that satisfied it; fails after {@link #PATIENCE}. */
    static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(PATIENCE);
        T value = probe.get();
        while (!done.test(value) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            value = probe.get();
        }
        assertThat(done.test(value))
                .as(what + " within " + PATIENCE + " (last seen: " + value + ")")
                .isTrue();
        return value;
    }
}
