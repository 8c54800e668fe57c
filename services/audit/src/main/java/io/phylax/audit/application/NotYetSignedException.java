package io.phylax.audit.application;

/** The entry exists but no signed tree head covers it yet; the next signing round will. */
public class NotYetSignedException extends RuntimeException {

    public NotYetSignedException() {
        super("no signed tree head covers this entry yet; retry after the next signing round");
    }
}
