package io.phylax.reporting.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import io.phylax.contract.ReferenceEventType;
import io.phylax.contract.ReferenceEvents;

/** What an event is counted under, and what of it is dropped. */
class ActivityKeyTest {

    @Test
    void countsAnEventOnItsUtcDay() {
        ActivityKey lastSecond = ActivityKey.of(ReferenceEvents.aRecordAdded()
                .withOccurredAt(Instant.parse("2150-03-14T23:59:59.999Z"))
                .build());
        ActivityKey nextDay = ActivityKey.of(ReferenceEvents.aRecordAdded()
                .withOccurredAt(Instant.parse("2150-03-15T00:00:00Z"))
                .build());

        assertThat(lastSecond.day()).isEqualTo(LocalDate.of(2150, 3, 14));
        assertThat(nextDay.day()).isEqualTo(LocalDate.of(2150, 3, 15));
    }

    @Test
    void keepsTenantTypeAndRecordTypeOnly() {
        ActivityKey record = ActivityKey.of(ReferenceEvents.aRecordAmended()
                .withTenant("clinic-b")
                .withRecordType("Appointment")
                .build());
        ActivityKey erasure = ActivityKey.of(ReferenceEvents.aSubjectErased().build());

        assertThat(record)
                .isEqualTo(new ActivityKey(
                        "clinic-b",
                        LocalDate.ofInstant(ReferenceEvents.DEFAULT_OCCURRED_AT, java.time.ZoneOffset.UTC),
                        ReferenceEventType.RecordAmended,
                        "Appointment"));
        assertThat(erasure.eventType()).isEqualTo(ReferenceEventType.SubjectErased);
        assertThat(erasure.recordType()).isNull();
        // The key has no component that could hold a subject, stream or correlation id.
        assertThat(ActivityKey.class.getRecordComponents())
                .extracting(java.lang.reflect.RecordComponent::getName)
                .containsExactly("tenant", "day", "eventType", "recordType");
    }

    @Test
    void refusesADayNoReportCanAskFor() {
        assertThatThrownBy(() -> ActivityKey.of(ReferenceEvents.aPatientRegistered()
                        .withOccurredAt(Instant.parse("+10000-01-01T00:00:00Z"))
                        .build()))
                .isInstanceOf(UncountableEventException.class)
                .hasMessageStartingWith("occurredAt: ");
        assertThatThrownBy(() -> ActivityKey.of(ReferenceEvents.aPatientRegistered()
                        .withOccurredAt(Instant.parse("-0001-12-31T23:59:59Z"))
                        .build()))
                .isInstanceOf(UncountableEventException.class);
    }
}
