package io.phylax.audit.adapter.out.persistence;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.phylax.audit.domain.ChainedEntry;
import io.phylax.audit.verify.LogEntry;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** How an entry maps to a row of {@code audit_entry}, both ways. */
final class EntryRows {

    /** Every column, in the order {@link #toTuple} binds them. */
    static final String COLUMNS = "seq, event_id, kind, tenant, subject_id, stream_id, stream_type, record_type,"
            + " stream_version, actor_issuer, actor_subject, actor_client, action, outcome, purpose, occurred_at,"
            + " correlation_id, received_at, leaf_hash, entry_hash";

    static final String INSERT = "INSERT INTO audit_entry (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
            + " $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)";

    private EntryRows() {}

    static Tuple toTuple(ChainedEntry chained) {
        LogEntry e = chained.entry();
        return Tuple.tuple()
                .addLong(e.seq())
                .addUUID(e.eventId())
                .addString(e.kind())
                .addString(e.tenant())
                .addUUID(e.subjectId())
                .addUUID(e.streamId())
                .addString(e.streamType())
                .addString(e.recordType())
                .addLong(e.streamVersion())
                .addString(e.actorIssuer())
                .addString(e.actorSubject())
                .addString(e.actorClient())
                .addString(e.action())
                .addString(e.outcome())
                .addString(e.purpose())
                .addOffsetDateTime(OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC))
                .addString(e.correlationId())
                .addOffsetDateTime(OffsetDateTime.ofInstant(e.receivedAt(), ZoneOffset.UTC))
                .addBuffer(Buffer.buffer(chained.leafHash()))
                .addBuffer(Buffer.buffer(chained.entryHash()));
    }

    static ChainedEntry fromRow(Row row) {
        LogEntry entry = new LogEntry(
                row.getLong("seq"),
                row.getUUID("event_id"),
                row.getString("kind"),
                row.getString("tenant"),
                row.getUUID("subject_id"),
                row.getUUID("stream_id"),
                row.getString("stream_type"),
                row.getString("record_type"),
                row.getLong("stream_version"),
                row.getString("actor_issuer"),
                row.getString("actor_subject"),
                row.getString("actor_client"),
                row.getString("action"),
                row.getString("outcome"),
                row.getString("purpose"),
                row.getOffsetDateTime("occurred_at").toInstant(),
                row.getString("correlation_id"),
                row.getOffsetDateTime("received_at").toInstant());
        return new ChainedEntry(
                entry,
                row.getBuffer("leaf_hash").getBytes(),
                row.getBuffer("entry_hash").getBytes());
    }
}
