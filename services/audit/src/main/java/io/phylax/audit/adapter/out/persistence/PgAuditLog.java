package io.phylax.audit.adapter.out.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.audit.application.EntryQuery;
import io.phylax.audit.application.port.out.AuditLogPort;
import io.phylax.audit.domain.Chain;
import io.phylax.audit.domain.ChainedEntry;
import io.phylax.audit.domain.EntryDraft;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The log in PostgreSQL ({@code audit_entry}). Appends run one at a time across all replicas (a transaction-scoped
 * advisory lock), so the duplicate check, the next sequence number and the previous chain link read inside the
 * transaction cannot change before it commits. The service's role may only insert and read this table.
 */
@ApplicationScoped
public class PgAuditLog implements AuditLogPort {

    private static final String LAST = "SELECT seq, entry_hash FROM audit_entry ORDER BY seq DESC LIMIT 1";
    private static final String KNOWN = "SELECT event_id FROM audit_entry WHERE event_id = ANY($1)";

    private final Pool pool;

    @Inject
    public PgAuditLog(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Appended> append(List<EntryDraft> drafts) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(Locks.APPEND))
                .flatMap(locked -> head(connection))
                .flatMap(head -> known(connection, drafts).flatMap(known -> {
                    List<EntryDraft> fresh = drafts.stream()
                            .filter(d -> !known.contains(d.eventId()))
                            .toList();
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().item(new Appended(0, drafts.size()));
                    }
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    List<Tuple> rows = Chain.append(head, fresh, now).stream()
                            .map(EntryRows::toTuple)
                            .toList();
                    return connection
                            .preparedQuery(EntryRows.INSERT)
                            .executeBatch(rows)
                            .map(inserted -> new Appended(fresh.size(), drafts.size() - fresh.size()));
                })));
    }

    private static Uni<Chain.Head> head(SqlConnection connection) {
        return connection.query(LAST).execute().map(rows -> {
            if (rows.size() == 0) {
                return Chain.EMPTY;
            }
            Row last = rows.iterator().next();
            return new Chain.Head(
                    last.getLong("seq") + 1, last.getBuffer("entry_hash").getBytes());
        });
    }

    private static Uni<Set<UUID>> known(SqlConnection connection, List<EntryDraft> drafts) {
        UUID[] ids = drafts.stream().map(EntryDraft::eventId).toArray(UUID[]::new);
        return connection.preparedQuery(KNOWN).execute(Tuple.of(ids)).map(rows -> {
            Set<UUID> known = new HashSet<>();
            rows.forEach(row -> known.add(row.getUUID(0)));
            return known;
        });
    }

    @Override
    public Uni<List<ChainedEntry>> find(EntryQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + EntryRows.COLUMNS + " FROM audit_entry WHERE tenant = $1");
        Tuple params = Tuple.of(query.tenant());
        condition(sql, params, "kind = ", query.kind());
        condition(sql, params, "subject_id = ", query.subject());
        condition(sql, params, "actor_subject = ", query.actor());
        condition(sql, params, "action = ", query.action());
        condition(sql, params, "outcome = ", query.outcome());
        condition(sql, params, "occurred_at >= ", utc(query.from()));
        condition(sql, params, "occurred_at < ", utc(query.to()));
        condition(sql, params, "seq > ", query.afterSeq() < 0 ? null : query.afterSeq());
        params.addInteger(query.limit());
        sql.append(" ORDER BY seq LIMIT $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(params).map(PgAuditLog::entries);
    }

    @Override
    public Uni<Optional<ChainedEntry>> entry(String tenant, long seq) {
        return pool.preparedQuery("SELECT " + EntryRows.COLUMNS + " FROM audit_entry WHERE seq = $1 AND tenant = $2")
                .execute(Tuple.of(seq, tenant))
                .map(rows -> entries(rows).stream().findFirst());
    }

    static List<ChainedEntry> entries(RowSet<Row> rows) {
        List<ChainedEntry> entries = new ArrayList<>(rows.size());
        rows.forEach(row -> entries.add(EntryRows.fromRow(row)));
        return entries;
    }

    /** Adds {@code AND <column op> $n} for a set filter; values are always bound, never spliced. */
    private static void condition(StringBuilder sql, Tuple params, String columnAndOperator, Object value) {
        if (value != null) {
            params.addValue(value);
            sql.append(" AND ").append(columnAndOperator).append('$').append(params.size());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
