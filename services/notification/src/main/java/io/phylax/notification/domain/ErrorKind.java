package io.phylax.notification.domain;

/**
 * Why an attempt failed, as a fixed code. The code is what gets stored, counted, logged and put on the
 * dead-letter topic; the underlying exception message never is, because the vault's and the relay's
 * messages can quote the address.
 */
public enum ErrorKind {
    /** The vault could not be reached, timed out or answered 5xx. */
    VAULT_UNAVAILABLE(true),
    /** The vault refused the call (401/403): a token or certificate problem that may clear up. */
    VAULT_REFUSED(true),
    /** No token could be had from Keycloak for the vault call. */
    TOKEN_UNAVAILABLE(true),
    /** The vault does not know the subject in the event's tenant (404). */
    SUBJECT_NOT_FOUND(false),
    /** The vault refused the request as malformed, or answered something this service cannot read. */
    VAULT_BAD_RESPONSE(false),
    /** The vault's e-mail address cannot be used in an SMTP envelope. */
    ADDRESS_INVALID(false),
    /** The relay could not be reached, timed out or dropped the connection. */
    SMTP_UNAVAILABLE(true),
    /** The relay answered with a transient (4xx) reply. */
    SMTP_TRANSIENT_REJECTION(true),
    /**
     * The relay did not accept a command of the dialogue itself (500–504: unrecognised, syntax, sequence, parameter):
     * a fault of the conversation, not a verdict on the message or its recipient, so another attempt on a new
     * connection. Seen against GreenMail in bursts after a restart (ADR 0091); a relay that keeps answering so still
     * ends the delivery {@code FAILED} when the attempts run out.
     */
    SMTP_PROTOCOL_ERROR(true),
    /** The relay answered with a permanent (5xx) reply, e.g. an unknown mailbox. */
    SMTP_PERMANENT_REJECTION(false),
    /** A fault in this service; retrying would fail the same way. */
    INTERNAL(false);

    private final boolean transientFailure;

    ErrorKind(boolean transientFailure) {
        this.transientFailure = transientFailure;
    }

    /** Whether another attempt may succeed (so the retry policy applies), rather than failing the same way. */
    public boolean isTransient() {
        return transientFailure;
    }
}
