package io.phylax.reporting.domain;

import java.time.LocalDate;

import io.phylax.contract.ReferenceEventType;

/**
 * A stored count of one tenant: how many events of a type (and record type) occurred on one UTC day.
 *
 * @param day        the UTC day
 * @param eventType  the event type
 * @param recordType the FHIR resource type of record events; null for subject events
 * @param count      how many distinct events, at least one
 */
public record ActivityCount(LocalDate day, ReferenceEventType eventType, String recordType, long count) {}
