package io.phylax.reporting.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEvents;
import io.quarkus.test.junit.QuarkusTest;

/** What the consumer stores: one row per tenant, day, type and record type, each event once. */
@QuarkusTest
class CountingIT {

    @Test
    void subjectEventsOfOneDayShareOneRowAndRedeliveriesAddNothing() {
        String tenant = DeadLetterIT.freshTenant();
        UUID key = UUID.randomUUID();
        List<ReferenceEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ReferenceEvent registered = ReferenceEvents.aPatientRegistered()
                    .withEventId(UUID.randomUUID())
                    .withTenant(tenant)
                    .build();
            events.add(registered);
            events.add(registered);
        }
        ReferenceEvent marker = ReferenceEvents.aSubjectErased()
                .withEventId(UUID.randomUUID())
                .withTenant(tenant)
                .build();
        events.add(marker);

        PhiEvents.publish(key, events);
        Eventually.await("the marker counted", () -> ReportingDatabase.count(tenant, "SubjectErased"), c -> c == 1);
        // Redelivery after the fact (a relay that sent a batch again): still nothing added.
        PhiEvents.publish(key, List.of(events.getFirst(), marker));
        ReferenceEvent secondMarker = ReferenceEvents.aPatientUpdated()
                .withEventId(UUID.randomUUID())
                .withTenant(tenant)
                .build();
        PhiEvents.publish(key, List.of(secondMarker));
        Eventually.await(
                "the second marker counted", () -> ReportingDatabase.count(tenant, "PatientUpdated"), c -> c == 1);

        assertThat(ReportingDatabase.count(tenant, "PatientRegistered")).isEqualTo(3);
        assertThat(ReportingDatabase.count(tenant, "SubjectErased")).isEqualTo(1);
        // Registrations, the erasure and the update, each a row of its own: the NULL record type is one key.
        assertThat(ReportingDatabase.rows(tenant)).isEqualTo(3);
    }
}
