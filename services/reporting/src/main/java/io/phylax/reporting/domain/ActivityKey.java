package io.phylax.reporting.domain;

import java.time.LocalDate;
import java.time.ZoneOffset;

import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEventType;

/**
 * What one reference event adds one to: its tenant, UTC day, type and record type. Everything else in the
 * event (subject, stream, version, correlation id) is dropped here, so it can never reach storage.
 *
 * @param tenant     the tenant
 * @param day        the UTC day the event occurred on
 * @param eventType  the event type
 * @param recordType the FHIR resource type of a record event; null for a subject event
 */
public record ActivityKey(String tenant, LocalDate day, ReferenceEventType eventType, String recordType) {

    /**
     * The key an event is counted under.
     *
     * @throws UncountableEventException if the event falls on a day no report can ask for
     */
    public static ActivityKey of(ReferenceEvent event) {
        LocalDate day = LocalDate.ofInstant(event.occurredAt(), ZoneOffset.UTC);
        if (day.isBefore(ReportQuery.FIRST_DAY) || day.isAfter(ReportQuery.LAST_DAY)) {
            throw new UncountableEventException("occurredAt", "must fall between 0001-01-01 and 9999-12-31 (UTC)");
        }
        return new ActivityKey(event.tenant(), day, event.eventType(), event.recordType());
    }
}
