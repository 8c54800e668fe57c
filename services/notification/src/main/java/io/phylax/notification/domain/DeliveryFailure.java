package io.phylax.notification.domain;

import java.util.Objects;

/**
 * One attempt failed, for a reason named by its {@link ErrorKind}. It carries no cause and no message of its
 * own: the exceptions it replaces may quote the address, and loggers print the whole cause chain.
 */
public final class DeliveryFailure extends RuntimeException {

    private final ErrorKind kind;

    public DeliveryFailure(ErrorKind kind) {
        super(Objects.requireNonNull(kind, "kind").name(), null, false, false);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
