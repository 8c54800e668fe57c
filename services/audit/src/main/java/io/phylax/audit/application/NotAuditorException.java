package io.phylax.audit.application;

/** The caller is authenticated for a tenant but does not hold the auditor role. */
public class NotAuditorException extends RuntimeException {

    public NotAuditorException() {
        super("the audit API is for the auditor role");
    }
}
