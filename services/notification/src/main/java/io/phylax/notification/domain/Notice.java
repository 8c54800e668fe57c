package io.phylax.notification.domain;

import java.util.Optional;

import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEventType;

/**
 * The PHI-free notices this service sends, and which events warrant which. A notice is fixed text: it has no
 * placeholders, so nothing about the patient or the record can end up in a message.
 */
public enum Notice {
    NEW_MESSAGE("New message from your care team", "You have a new message from your care team. Sign in to read it."),
    APPOINTMENT_CHANGED(
            "Your appointment was updated", "Your appointment was booked or changed. Sign in to see the details.");

    private final String subject;
    private final String body;

    Notice(String subject, String body) {
        this.subject = subject;
        this.body = body;
    }

    public String subject() {
        return subject;
    }

    /** The plain-text body. */
    public String body() {
        return body;
    }

    /** The notice {@code event} warrants, or empty when it warrants none. */
    public static Optional<Notice> forEvent(ReferenceEvent event) {
        ReferenceEventType type = event.eventType();
        String recordType = event.recordType();
        if (type == ReferenceEventType.RecordAdded && "Communication".equals(recordType)) {
            return Optional.of(NEW_MESSAGE);
        }
        if ((type == ReferenceEventType.RecordAdded || type == ReferenceEventType.RecordAmended)
                && "Appointment".equals(recordType)) {
            return Optional.of(APPOINTMENT_CHANGED);
        }
        return Optional.empty();
    }
}
