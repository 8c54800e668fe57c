package io.phylax.vault.adapter.out.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.phylax.vault.application.port.out.StoredEvent;

/** A row of the append-only event store. */
@Entity
@Table(name = "vault_event")
@IdClass(EventEntity.Key.class)
public class EventEntity {

    /** Primary key: stream and version. */
    public record Key(UUID streamId, long version) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    @Column(name = "stream_id")
    public UUID streamId;

    @Id
    public long version;

    @Column(name = "event_id")
    public UUID eventId;

    public String tenant;

    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(name = "stream_type")
    public String streamType;

    @Column(name = "record_type")
    public String recordType;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "actor_issuer")
    public String actorIssuer;

    @Column(name = "actor_subject")
    public String actorSubject;

    @Column(name = "actor_client")
    public String actorClient;

    public byte[] ciphertext;

    static EventEntity of(StoredEvent e) {
        EventEntity row = new EventEntity();
        row.streamId = e.streamId();
        row.version = e.version();
        row.eventId = e.eventId();
        row.tenant = e.tenant();
        row.subjectId = e.subjectId();
        row.streamType = e.streamType();
        row.recordType = e.recordType();
        row.eventType = e.eventType();
        row.occurredAt = e.occurredAt();
        row.actorIssuer = e.actorIssuer();
        row.actorSubject = e.actorSubject();
        row.actorClient = e.actorClient();
        row.ciphertext = e.ciphertext();
        return row;
    }

    StoredEvent toStored() {
        return new StoredEvent(
                eventId,
                tenant,
                subjectId,
                streamId,
                streamType,
                recordType,
                version,
                eventType,
                occurredAt,
                actorIssuer,
                actorSubject,
                actorClient,
                ciphertext);
    }
}
