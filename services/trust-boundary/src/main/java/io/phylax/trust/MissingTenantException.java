package io.phylax.trust;

/** Thrown when a verified token carries no usable tenant claim: the request is refused, never guessed. */
public class MissingTenantException extends RuntimeException {

    public MissingTenantException() {
        super("the access token carries no valid tenant claim, or no authorized party (azp)");
    }
}
