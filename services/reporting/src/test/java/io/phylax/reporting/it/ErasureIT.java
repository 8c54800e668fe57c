package io.phylax.reporting.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEvents;
import io.quarkus.test.junit.QuarkusTest;

/** Erasure: SubjectErased is counted like any event, and reporting's database holds nothing that points at the subject. */
@QuarkusTest
class ErasureIT {

    @Test
    void afterAnErasureNoColumnHoldsTheSubjectOrItsStreams() throws SQLException {
        String tenant = DeadLetterIT.freshTenant();
        UUID subject = UUID.randomUUID();
        UUID observation = UUID.randomUUID();
        UUID appointment = UUID.randomUUID();
        String correlation = "erasure-canary-" + UUID.randomUUID().toString().substring(0, 8);
        List<ReferenceEvent> history = List.of(
                ReferenceEvents.aPatientRegistered().withVersion(1).build(),
                ReferenceEvents.aPatientUpdated().withVersion(2).build(),
                ReferenceEvents.aRecordAdded()
                        .withStreamId(observation)
                        .withRecordType("Observation")
                        .build(),
                ReferenceEvents.aRecordAdded()
                        .withStreamId(appointment)
                        .withRecordType("Appointment")
                        .build(),
                ReferenceEvents.aRecordAmended()
                        .withStreamId(observation)
                        .withRecordType("Observation")
                        .build(),
                ReferenceEvents.aSubjectErased().withVersion(3).build());
        List<ReferenceEvent> events = history.stream()
                .map(e -> rebuild(e, tenant, subject, correlation))
                .toList();

        PhiEvents.publish(subject, events);

        Eventually.await(
                "the erasure counted", () -> ReportingDatabase.count(tenant, "SubjectErased"), count -> count == 1);
        assertThat(ReportingDatabase.count(tenant, "PatientRegistered")).isEqualTo(1);
        assertThat(ReportingDatabase.count(tenant, "PatientUpdated")).isEqualTo(1);
        assertThat(ReportingDatabase.count(tenant, "RecordAdded")).isEqualTo(2);
        assertThat(ReportingDatabase.count(tenant, "RecordAmended")).isEqualTo(1);
        // The scan sees what is stored (the tenant's counts), so an empty answer below means absent, not unseen.
        assertThat(ReportingDatabase.tablesContaining(tenant)).isNotEmpty();
        for (String trace : List.of(
                subject.toString(),
                subject.toString().replace("-", ""),
                observation.toString(),
                appointment.toString(),
                correlation)) {
            assertThat(ReportingDatabase.tablesContaining(trace))
                    .as("tables holding " + trace)
                    .isEmpty();
        }
    }

    /** The event with this test's tenant, subject and correlation id, and an id of its own. */
    private static ReferenceEvent rebuild(ReferenceEvent e, String tenant, UUID subject, String correlation) {
        return new ReferenceEvent(
                UUID.randomUUID(),
                e.eventType(),
                tenant,
                subject,
                e.recordType() == null ? subject : e.streamId(),
                e.streamType(),
                e.recordType(),
                e.version(),
                e.occurredAt(),
                correlation);
    }
}
