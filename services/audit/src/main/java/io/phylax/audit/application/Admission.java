package io.phylax.audit.application;

import java.time.Instant;

import io.phylax.audit.domain.EntryDraft;
import io.phylax.audit.verify.LogEntry;
import io.phylax.contract.AccessEvent;
import io.phylax.contract.ContractViolation;
import io.phylax.contract.EventCodec;
import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.Topics;

/**
 * Decides whether a delivered message may enter the log. Every message is untrusted: it must decode under the
 * event contract (size limit, schema, field rules) for the topic it came from, and its time must be one the log
 * can store. The reason for a refusal names a field and a rule, never a value.
 */
public final class Admission {

    /** Earliest occurrence time the log accepts. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** Latest occurrence time the log accepts (PostgreSQL stores far later, but nothing real is). */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Admission() {}

    /** The outcome for one message. */
    public sealed interface Verdict permits Accepted, Rejected {}

    /** The message is a contract-valid event; this is what the log stores of it. */
    public record Accepted(EntryDraft draft) implements Verdict {}

    /** The message is refused; the reason is safe to log and to publish. */
    public record Rejected(String reason) implements Verdict {}

    public static Verdict admit(Delivery delivery) {
        if (delivery.value() == null) {
            return new Rejected(ContractViolation.WHOLE_EVENT + ": is missing (the record has no value)");
        }
        try {
            EntryDraft draft = switch (delivery.topic()) {
                case Topics.PHI_ACCESS -> fromAccess(EventCodec.decodeAccess(delivery.value()));
                case Topics.PHI_EVENTS -> fromReference(EventCodec.decodeReference(delivery.value()));
                default -> null;
            };
            if (draft == null) {
                return new Rejected(ContractViolation.WHOLE_EVENT + ": arrived on a topic the audit log does not read");
            }
            if (draft.occurredAt().isBefore(EARLIEST) || draft.occurredAt().isAfter(LATEST)) {
                return new Rejected("occurredAt: must be between " + EARLIEST + " and " + LATEST);
            }
            return new Accepted(draft);
        } catch (ContractViolation violation) {
            return new Rejected(violation.getMessage());
        }
    }

    static EntryDraft fromAccess(AccessEvent event) {
        return new EntryDraft(
                event.eventId(),
                LogEntry.ACCESS,
                event.tenant(),
                event.subjectId(),
                event.streamId(),
                null,
                null,
                null,
                event.actor().issuer(),
                event.actor().subject(),
                event.actor().clientId(),
                event.action().name(),
                event.outcome().name(),
                event.purpose() == null ? null : event.purpose().name(),
                event.occurredAt(),
                event.correlationId());
    }

    static EntryDraft fromReference(ReferenceEvent event) {
        return new EntryDraft(
                event.eventId(),
                LogEntry.REFERENCE,
                event.tenant(),
                event.subjectId(),
                event.streamId(),
                event.streamType().name(),
                event.recordType(),
                event.version(),
                null,
                null,
                null,
                event.eventType().name(),
                null,
                null,
                event.occurredAt(),
                event.correlationId());
    }
}
