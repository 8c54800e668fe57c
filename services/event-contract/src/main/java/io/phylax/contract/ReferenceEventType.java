package io.phylax.contract;

/**
 * What happened to a stream, in the past tense. Each type belongs to one kind of stream, which
 * {@link ReferenceEvent} enforces so a consumer can route on the type alone.
 */
public enum ReferenceEventType {
    PatientRegistered(StreamType.SUBJECT),
    PatientUpdated(StreamType.SUBJECT),
    RecordAdded(StreamType.RECORD),
    RecordAmended(StreamType.RECORD),
    /** The subject's data key was destroyed: every stream of the subject is now unreadable. */
    SubjectErased(StreamType.SUBJECT);

    private final StreamType streamType;

    ReferenceEventType(StreamType streamType) {
        this.streamType = streamType;
    }

    /** The kind of stream events of this type are appended to. */
    public StreamType streamType() {
        return streamType;
    }
}
