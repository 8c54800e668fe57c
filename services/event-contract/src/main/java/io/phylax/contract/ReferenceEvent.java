package io.phylax.contract;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.UUID;

/**
 * A redacted reference event on {@link Topics#PHI_EVENTS}: a subject or record stream changed. It carries
 * ids, the tenant, the type, the stream version, the time and a correlation id; never PHI. Consumers that
 * need content ask the vault with the ids.
 *
 * @param eventId       unique id of the event (consumers deduplicate on it)
 * @param eventType     what happened; fixes the {@code streamType}
 * @param tenant        the clinic the subject belongs to
 * @param subjectId     the subject (patient) the stream belongs to
 * @param streamId      the stream that changed (the subject's own stream or one of its records)
 * @param streamType    which kind of stream {@code streamId} is
 * @param recordType    the FHIR resource type of a record stream (one of {@link #RECORD_TYPES}); null for a
 *                      subject stream
 * @param version       the stream version this event produced
 * @param occurredAt    when the change was committed in the vault
 * @param correlationId the id tying the event to the request that caused it
 */
public record ReferenceEvent(
        UUID eventId,
        ReferenceEventType eventType,
        String tenant,
        UUID subjectId,
        UUID streamId,
        StreamType streamType,
        String recordType,
        long version,
        Instant occurredAt,
        String correlationId) {

    /** The FHIR R4 resource types a record stream may hold. */
    public static final SequencedSet<String> RECORD_TYPES = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(
            List.of("Observation", "Appointment", "Communication", "DocumentReference", "QuestionnaireResponse")));

    private static final String RECORD_TYPE_RULE = "must be one of " + String.join(", ", RECORD_TYPES);

    public ReferenceEvent {
        Constraints.required(eventId, "eventId");
        Constraints.required(eventType, "eventType");
        Constraints.tenant(tenant, "tenant");
        Constraints.required(subjectId, "subjectId");
        Constraints.required(streamId, "streamId");
        Constraints.required(streamType, "streamType");
        if (streamType != eventType.streamType()) {
            throw new ContractViolation("streamType", "must be " + eventType.streamType() + " for this eventType");
        }
        if (streamType == StreamType.SUBJECT && recordType != null) {
            throw new ContractViolation("recordType", "must be null on a SUBJECT stream");
        }
        if (streamType == StreamType.RECORD && !RECORD_TYPES.contains(Constraints.required(recordType, "recordType"))) {
            throw new ContractViolation("recordType", RECORD_TYPE_RULE);
        }
        if (version < 0) {
            throw new ContractViolation("version", "must not be negative");
        }
        Constraints.required(occurredAt, "occurredAt");
        Constraints.correlationId(correlationId, "correlationId");
    }
}
