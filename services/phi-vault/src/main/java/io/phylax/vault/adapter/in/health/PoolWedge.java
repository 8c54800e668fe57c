package io.phylax.vault.adapter.in.health;

import java.time.Duration;

/**
 * Decides from successive looks at the connection pool whether it is wedged: every connection in use and none
 * given back for a whole period. A busy pool gives connections back all the time; a pool whose database is down
 * loses its connections. Only connections that are held and never released look like this.
 */
final class PoolWedge {

    private final Duration after;
    private long lastProgressNanos;
    private double lastCompleted = Double.NaN;

    PoolWedge(Duration after) {
        this.after = after;
    }

    /** Takes one look and says whether the pool has been full with no connection given back for the whole period. */
    synchronized boolean look(long nanos, double inUse, int maxSize, double completed) {
        boolean progress = completed != lastCompleted;
        lastCompleted = completed;
        if (inUse < maxSize || progress) {
            lastProgressNanos = nanos;
            return false;
        }
        return nanos - lastProgressNanos >= after.toNanos();
    }
}
