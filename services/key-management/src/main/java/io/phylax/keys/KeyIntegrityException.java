package io.phylax.keys;

/** A wrapped key or its context did not authenticate: tampered, or unwrapped under the wrong KEK or context. */
public class KeyIntegrityException extends RuntimeException {

    public KeyIntegrityException(String message) {
        super(message);
    }

    public KeyIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
