package io.phylax.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Bounded waits for something the stack does asynchronously: poll until it holds, or fail at the deadline. */
public final class Eventually {

    private static final Duration POLL = Duration.ofMillis(250);

    private Eventually() {}

    /** Polls {@code probe} until it yields a value, for at most {@code patience}; fails naming {@code what}. */
    public static <T> T within(Duration patience, String what, Supplier<Optional<T>> probe) {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("gave up after " + patience + " waiting for " + what);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
