package io.phylax.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEvents;

class NoticeTest {

    @ParameterizedTest
    @EnumSource(Notice.class)
    void templateHasNoPlaceholders(Notice notice) {
        // Any of these would mean text is substituted in, and so could carry PHI.
        for (String text : new String[] {notice.subject(), notice.body()}) {
            assertThat(text)
                    .doesNotContain("{", "}", "$", "%", "<", ">", "@", "\\")
                    .isNotBlank();
        }
    }

    @Test
    void noticeTextIsTheSameWhateverTheEvent() {
        ReferenceEvent one = ReferenceEvents.aRecordAdded()
                .withRecordType("Communication")
                .withEventId(UUID.randomUUID())
                .build();
        ReferenceEvent other = ReferenceEvents.aRecordAdded()
                .withRecordType("Communication")
                .withEventId(UUID.randomUUID())
                .withSubjectId(UUID.randomUUID())
                .withTenant("clinic-b")
                .build();

        assertThat(Notice.forEvent(one)).isEqualTo(Notice.forEvent(other)).contains(Notice.NEW_MESSAGE);
    }

    @Test
    void newCommunicationWarrantsTheNewMessageNotice() {
        assertThat(Notice.forEvent(ReferenceEvents.aRecordAdded()
                        .withRecordType("Communication")
                        .build()))
                .contains(Notice.NEW_MESSAGE);
        assertThat(Notice.NEW_MESSAGE.body()).startsWith("You have a new message from your care team.");
    }

    @Test
    void bookedOrChangedAppointmentWarrantsTheAppointmentNotice() {
        assertThat(Notice.forEvent(ReferenceEvents.aRecordAdded()
                        .withRecordType("Appointment")
                        .build()))
                .contains(Notice.APPOINTMENT_CHANGED);
        assertThat(Notice.forEvent(ReferenceEvents.aRecordAmended()
                        .withRecordType("Appointment")
                        .build()))
                .contains(Notice.APPOINTMENT_CHANGED);
    }

    @Test
    void otherEventsWarrantNothing() {
        assertThat(Notice.forEvent(ReferenceEvents.aRecordAmended()
                        .withRecordType("Communication")
                        .build()))
                .isEmpty();
        for (String recordType : new String[] {"Observation", "DocumentReference", "QuestionnaireResponse"}) {
            assertThat(Notice.forEvent(ReferenceEvents.aRecordAdded()
                            .withRecordType(recordType)
                            .build()))
                    .as(recordType)
                    .isEmpty();
        }
        assertThat(Notice.forEvent(ReferenceEvents.aPatientRegistered().build()))
                .isEmpty();
        assertThat(Notice.forEvent(ReferenceEvents.aPatientUpdated().build())).isEmpty();
        assertThat(Notice.forEvent(ReferenceEvents.aSubjectErased().build())).isEmpty();
    }

    @Test
    void contactNeverPrintsItsAddress() {
        Contact contact = new Contact(ChannelKind.EMAIL, "CANARY-PHI-0001@example.org");

        assertThat(contact.toString()).doesNotContain("CANARY").contains("email");
        assertThat(Arrays.toString(new Object[] {contact})).doesNotContain("CANARY");
    }
}
