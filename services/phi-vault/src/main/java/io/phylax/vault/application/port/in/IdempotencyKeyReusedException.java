package io.phylax.vault.application.port.in;

/** An Idempotency-Key already used for a different request body. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException() {
        super("this Idempotency-Key was already used with a different request body");
    }
}
