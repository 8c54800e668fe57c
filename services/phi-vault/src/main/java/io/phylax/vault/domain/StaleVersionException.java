package io.phylax.vault.domain;

/** An append whose expected version is no longer the stream's current version (optimistic concurrency). */
public class StaleVersionException extends RuntimeException {

    private final long expected;
    private final long actual;

    public StaleVersionException(long expected, long actual) {
        super("expected version " + expected + " but the stream is at version " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
