package io.phylax.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * Test-data builder for {@link AccessEvent}: by default a clinician's allowed read of the subject that
 * {@link ReferenceEvents} builds events for. Published in this module's test jar for the consumers' tests.
 */
public final class AccessEvents {

    public static final UUID DEFAULT_EVENT_ID = UUID.fromString("c7f1a2d3-4e5b-4c6d-8e7f-9a0b1c2d3e40");
    public static final String DEFAULT_TENANT = ReferenceEvents.DEFAULT_TENANT;
    public static final String DEFAULT_ISSUER = "http://localhost:8180/realms/phylax";
    public static final String DEFAULT_ACTOR_SUBJECT = "3f6d2c1b-7a8e-4b9c-8d0e-1f2a3b4c5d60";
    public static final String DEFAULT_CLIENT_ID = "clinic-a-web";
    public static final Actor DEFAULT_ACTOR = new Actor(DEFAULT_ISSUER, DEFAULT_ACTOR_SUBJECT, DEFAULT_CLIENT_ID);
    public static final UUID DEFAULT_SUBJECT_ID = ReferenceEvents.DEFAULT_SUBJECT_ID;
    public static final UUID DEFAULT_STREAM_ID = ReferenceEvents.DEFAULT_SUBJECT_ID;
    public static final PurposeOfUse DEFAULT_PURPOSE = PurposeOfUse.TREAT;
    public static final Instant DEFAULT_OCCURRED_AT = ReferenceEvents.DEFAULT_OCCURRED_AT;
    public static final String DEFAULT_CORRELATION_ID = ReferenceEvents.DEFAULT_CORRELATION_ID;

    private UUID eventId = DEFAULT_EVENT_ID;
    private String tenant = DEFAULT_TENANT;
    private Actor actor = DEFAULT_ACTOR;
    private UUID subjectId = DEFAULT_SUBJECT_ID;
    private UUID streamId = DEFAULT_STREAM_ID;
    private AccessAction action;
    private AccessOutcome outcome = AccessOutcome.ALLOWED;
    private PurposeOfUse purpose = DEFAULT_PURPOSE;
    private Instant occurredAt = DEFAULT_OCCURRED_AT;
    private String correlationId = DEFAULT_CORRELATION_ID;

    private AccessEvents(AccessAction action) {
        this.action = action;
    }

    public static AccessEvents aRead() {
        return new AccessEvents(AccessAction.READ);
    }

    /** A search that matched nothing: no subject, no stream. */
    public static AccessEvents aSearchWithoutHit() {
        return new AccessEvents(AccessAction.SEARCH)
                .withSubjectId(null)
                .withStreamId(null)
                .withOutcome(AccessOutcome.NOT_FOUND);
    }

    public static AccessEvents aDeniedRead() {
        return aRead().withOutcome(AccessOutcome.DENIED);
    }

    public static AccessEvents aBreakGlass() {
        return new AccessEvents(AccessAction.BREAK_GLASS).withPurpose(PurposeOfUse.ETREAT);
    }

    public AccessEvents withEventId(UUID eventId) {
        this.eventId = eventId;
        return this;
    }

    public AccessEvents withTenant(String tenant) {
        this.tenant = tenant;
        return this;
    }

    public AccessEvents withActor(Actor actor) {
        this.actor = actor;
        return this;
    }

    public AccessEvents withSubjectId(UUID subjectId) {
        this.subjectId = subjectId;
        return this;
    }

    public AccessEvents withStreamId(UUID streamId) {
        this.streamId = streamId;
        return this;
    }

    public AccessEvents withAction(AccessAction action) {
        this.action = action;
        return this;
    }

    public AccessEvents withOutcome(AccessOutcome outcome) {
        this.outcome = outcome;
        return this;
    }

    public AccessEvents withPurpose(PurposeOfUse purpose) {
        this.purpose = purpose;
        return this;
    }

    public AccessEvents withOccurredAt(Instant occurredAt) {
        this.occurredAt = occurredAt;
        return this;
    }

    public AccessEvents withCorrelationId(String correlationId) {
        this.correlationId = correlationId;
        return this;
    }

    public AccessEvent build() {
        return new AccessEvent(
                eventId, tenant, actor, subjectId, streamId, action, outcome, purpose, occurredAt, correlationId);
    }
}
