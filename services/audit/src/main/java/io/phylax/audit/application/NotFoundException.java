package io.phylax.audit.application;

/** Nothing to show: missing, or another tenant's (the two answer alike). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what) {
        super(what);
    }
}
