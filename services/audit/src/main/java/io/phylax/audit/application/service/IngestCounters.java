package io.phylax.audit.application.service;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

/** What this replica has done with the messages it consumed since it started. */
@ApplicationScoped
public class IngestCounters {

    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    void add(long stored, long duplicates, long deadLettered) {
        this.stored.addAndGet(stored);
        this.duplicates.addAndGet(duplicates);
        this.deadLettered.addAndGet(deadLettered);
    }

    /** Entries this replica added to the log. */
    public long stored() {
        return stored.get();
    }

    /** Deliveries of events the log already held (redeliveries), which wrote nothing. */
    public long duplicates() {
        return duplicates.get();
    }

    /** Messages refused and forwarded to the dead-letter topic. */
    public long deadLettered() {
        return deadLettered.get();
    }
}
