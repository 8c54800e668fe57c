package io.phylax.notification.service;

/**
 * The event goes to the dead-letter topic, with this exception's message as the reason. The message is built
 * from codes only (error kinds, counts), never from input or from another exception's message.
 */
public final class DeadLetterException extends RuntimeException {

    public DeadLetterException(String reason) {
        super(reason, null, false, false);
    }
}
