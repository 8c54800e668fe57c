package io.phylax.vault.application.port.in;

/** The caller's roles do not allow this action on this kind of resource (minimum necessary). */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String reason) {
        super(reason);
    }
}
