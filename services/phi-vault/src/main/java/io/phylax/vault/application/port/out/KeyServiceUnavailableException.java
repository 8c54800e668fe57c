package io.phylax.vault.application.port.out;

/** The key service could not wrap or unwrap a key: the vault answers 503 and writes nothing (fail closed). */
public class KeyServiceUnavailableException extends RuntimeException {

    public KeyServiceUnavailableException(Throwable cause) {
        super("the key service is unavailable", cause);
    }
}
