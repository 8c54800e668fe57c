package io.phylax.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * Test-data builder for {@link ReferenceEvent}: valid defaults, one {@code with*} per field to vary. Published
 * in this module's test jar for the consumers' tests.
 */
public final class ReferenceEvents {

    public static final UUID DEFAULT_EVENT_ID = UUID.fromString("0b1e7c4e-5d2a-4f6b-9c1d-3e8a2f4b6c01");
    public static final String DEFAULT_TENANT = "clinic-a";
    public static final UUID DEFAULT_SUBJECT_ID = UUID.fromString("5a0c3f1e-8b7d-4e2a-a9c6-1d4f7b2e9a10");
    public static final UUID DEFAULT_RECORD_STREAM_ID = UUID.fromString("9d3e6a2b-1c4f-4a7e-b8d5-6f2c0e1a3b20");
    public static final String DEFAULT_RECORD_TYPE = "Observation";
    public static final long DEFAULT_VERSION = 1;
    public static final Instant DEFAULT_OCCURRED_AT = Instant.parse("2025-03-14T09:26:53.589Z");
    public static final String DEFAULT_CORRELATION_ID = "req-4f2a9c1e";

    private UUID eventId = DEFAULT_EVENT_ID;
    private ReferenceEventType eventType;
    private String tenant = DEFAULT_TENANT;
    private UUID subjectId = DEFAULT_SUBJECT_ID;
    private UUID streamId;
    private StreamType streamType;
    private String recordType;
    private long version = DEFAULT_VERSION;
    private Instant occurredAt = DEFAULT_OCCURRED_AT;
    private String correlationId = DEFAULT_CORRELATION_ID;

    private ReferenceEvents(ReferenceEventType eventType) {
        this.eventType = eventType;
        this.streamType = eventType.streamType();
        // Test-data choice: a subject stream reuses the subject id, a record stream has an id of its own.
        this.streamId = streamType == StreamType.SUBJECT ? DEFAULT_SUBJECT_ID : DEFAULT_RECORD_STREAM_ID;
        this.recordType = streamType == StreamType.RECORD ? DEFAULT_RECORD_TYPE : null;
    }

    public static ReferenceEvents aPatientRegistered() {
        return new ReferenceEvents(ReferenceEventType.PatientRegistered);
    }

    public static ReferenceEvents aPatientUpdated() {
        return new ReferenceEvents(ReferenceEventType.PatientUpdated).withVersion(2);
    }

    public static ReferenceEvents aRecordAdded() {
        return new ReferenceEvents(ReferenceEventType.RecordAdded);
    }

    public static ReferenceEvents aRecordAmended() {
        return new ReferenceEvents(ReferenceEventType.RecordAmended).withVersion(2);
    }

    public static ReferenceEvents aSubjectErased() {
        return new ReferenceEvents(ReferenceEventType.SubjectErased).withVersion(3);
    }

    public ReferenceEvents withEventId(UUID eventId) {
        this.eventId = eventId;
        return this;
    }

    /** Changes the type only; set the stream type and record type too when moving between stream kinds. */
    public ReferenceEvents withEventType(ReferenceEventType eventType) {
        this.eventType = eventType;
        return this;
    }

    public ReferenceEvents withTenant(String tenant) {
        this.tenant = tenant;
        return this;
    }

    public ReferenceEvents withSubjectId(UUID subjectId) {
        this.subjectId = subjectId;
        return this;
    }

    public ReferenceEvents withStreamId(UUID streamId) {
        this.streamId = streamId;
        return this;
    }

    public ReferenceEvents withStreamType(StreamType streamType) {
        this.streamType = streamType;
        return this;
    }

    public ReferenceEvents withRecordType(String recordType) {
        this.recordType = recordType;
        return this;
    }

    public ReferenceEvents withVersion(long version) {
        this.version = version;
        return this;
    }

    public ReferenceEvents withOccurredAt(Instant occurredAt) {
        this.occurredAt = occurredAt;
        return this;
    }

    public ReferenceEvents withCorrelationId(String correlationId) {
        this.correlationId = correlationId;
        return this;
    }

    public ReferenceEvent build() {
        return new ReferenceEvent(
                eventId,
                eventType,
                tenant,
                subjectId,
                streamId,
                streamType,
                recordType,
                version,
                occurredAt,
                correlationId);
    }
}
