package io.phylax.audit.it;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Bounded waits for what the service does asynchronously: poll until present, fail clearly at the deadline. */
final class Eventually {

    /** How long ingestion and tree-head signing may take on a shared, busy machine. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Eventually() {}

    static <T> T await(String what, Supplier<Optional<T>> probe) {
        return await(what, PATIENCE, probe);
    }

    static <T> T await(String what, Duration patience, Supplier<Optional<T>> probe) {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (Instant.now().isAfter(deadline)) {
                return fail("gave up after " + patience + " waiting for " + what);
            }
            pause(Duration.ofMillis(250));
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
