package io.phylax.vault.adapter.out.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.phylax.vault.application.port.out.OutboxMessage;

/** A message waiting in the transactional outbox (or already published, with its time). */
@Entity
@Table(name = "outbox")
public class OutboxEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id")
    public UUID eventId;

    public String topic;

    @Column(name = "message_key")
    public String messageKey;

    public byte[] payload;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** The writing request's W3C trace context (ids only), for the Kafka headers; null when untraced. */
    @Column(name = "trace_parent")
    public String traceParent;

    static OutboxEntity of(OutboxMessage message, Instant at) {
        OutboxEntity row = new OutboxEntity();
        row.eventId = message.eventId();
        row.topic = message.topic();
        row.messageKey = message.key();
        row.payload = message.payload();
        row.createdAt = at;
        row.traceParent = TraceParent.current();
        return row;
    }
}
