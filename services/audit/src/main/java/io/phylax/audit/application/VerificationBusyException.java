package io.phylax.audit.application;

/** A verification is already walking the log on this replica; one at a time. */
public class VerificationBusyException extends RuntimeException {

    public VerificationBusyException() {
        super("a verification is already running; retry when it has finished");
    }
}
