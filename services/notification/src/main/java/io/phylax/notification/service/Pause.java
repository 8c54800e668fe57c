package io.phylax.notification.service;

import java.time.Duration;

/** Waiting between attempts; a port so that tests can observe the backoff instead of sleeping through it. */
@FunctionalInterface
public interface Pause {

    void pause(Duration duration) throws InterruptedException;

    /** The real one: sleeps the calling (worker) thread. */
    static Pause sleeping() {
        return duration -> Thread.sleep(duration);
    }
}
