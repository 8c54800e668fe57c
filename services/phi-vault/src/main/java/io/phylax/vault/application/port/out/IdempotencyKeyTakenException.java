package io.phylax.vault.application.port.out;

/** Another request committed the same Idempotency-Key between our check and our commit. */
public class IdempotencyKeyTakenException extends RuntimeException {

    public IdempotencyKeyTakenException() {
        super("the Idempotency-Key was claimed by a concurrent request");
    }
}
