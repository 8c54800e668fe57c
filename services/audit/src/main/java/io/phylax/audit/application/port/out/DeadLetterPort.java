package io.phylax.audit.application.port.out;

import io.phylax.audit.application.Delivery;
import io.smallrye.mutiny.Uni;

/** Where messages the audit log cannot accept go: forwarded unchanged, with the reason. */
public interface DeadLetterPort {

    /** Completes once the broker has the dead letter. */
    Uni<Void> deadLetter(Delivery delivery, String reason);
}
