package io.phylax.audit.domain;

import java.time.Instant;
import java.util.UUID;

import io.phylax.audit.verify.LogEntry;

/** Test-data builder for {@link EntryDraft}: by default a clinician's allowed read in clinic-a. */
public final class EntryDrafts {

    public static final String DEFAULT_TENANT = "clinic-a";
    public static final UUID DEFAULT_SUBJECT = UUID.fromString("5a0c3f1e-8b7d-4e2a-a9c6-1d4f7b2e9a10");
    public static final String DEFAULT_ISSUER = "http://127.0.0.1:18080/realms/phylax";
    public static final String DEFAULT_ACTOR = "3f6d2c1b-7a8e-4b9c-8d0e-1f2a3b4c5d60";
    public static final Instant DEFAULT_OCCURRED_AT = Instant.parse("2025-03-14T09:26:53.589123Z");

    private UUID eventId = UUID.randomUUID();
    private String kind = LogEntry.ACCESS;
    private String tenant = DEFAULT_TENANT;
    private String action = "READ";
    private String outcome = "ALLOWED";
    private String purpose = "TREAT";
    private Long version;
    private String actor = DEFAULT_ACTOR;
    private String streamType;

    private EntryDrafts() {}

    public static EntryDrafts aRead() {
        return new EntryDrafts();
    }

    public static EntryDrafts aRecordAdded() {
        EntryDrafts drafts = new EntryDrafts();
        drafts.kind = LogEntry.REFERENCE;
        drafts.action = "RecordAdded";
        drafts.outcome = null;
        drafts.purpose = null;
        drafts.version = 1L;
        drafts.actor = null;
        drafts.streamType = "RECORD";
        return drafts;
    }

    public EntryDrafts withOutcome(String outcome) {
        this.outcome = outcome;
        return this;
    }

    public EntryDrafts withTenant(String tenant) {
        this.tenant = tenant;
        return this;
    }

    public EntryDraft build() {
        return new EntryDraft(
                eventId,
                kind,
                tenant,
                DEFAULT_SUBJECT,
                DEFAULT_SUBJECT,
                streamType,
                streamType == null ? null : "Observation",
                version,
                actor == null ? null : DEFAULT_ISSUER,
                actor,
                actor == null ? null : "phylax-cli",
                action,
                outcome,
                purpose,
                DEFAULT_OCCURRED_AT,
                "req-4f2a9c1e");
    }
}
