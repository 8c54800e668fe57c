package io.phylax.vault.domain.crypto;

/** A stored ciphertext did not authenticate: altered, swapped between rows, or under the wrong key. */
public class IntegrityException extends RuntimeException {

    public IntegrityException() {
        super("stored ciphertext failed authentication");
    }
}
