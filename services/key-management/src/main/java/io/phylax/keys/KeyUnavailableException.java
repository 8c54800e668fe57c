package io.phylax.keys;

/** The key service could not answer or refused; callers fail closed and answer 503. */
public class KeyUnavailableException extends RuntimeException {

    public KeyUnavailableException(String message) {
        super(message);
    }

    public KeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
