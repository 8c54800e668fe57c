package io.phylax.vault.adapter.out.persistence;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.vault.application.port.out.Commit;
import io.phylax.vault.application.port.out.EventStorePort;
import io.phylax.vault.application.port.out.IdempotencyKeyTakenException;
import io.phylax.vault.application.port.out.OutboxMessage;
import io.phylax.vault.application.port.out.ScopedState;
import io.phylax.vault.application.port.out.StoredEvent;
import io.phylax.vault.application.port.out.StoredState;
import io.phylax.vault.application.port.out.TenantClosedException;
import io.phylax.vault.application.port.out.WrappedDataKey;
import io.phylax.vault.domain.StaleVersionException;
import io.phylax.vault.domain.access.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The event store in the vault's PostgreSQL database, on the bare Vert.x SQL client (ADR 0093). A {@link Commit}
 * is one transaction whose statements are pipelined, one round trip; so is every read. Every query carries the
 * tenant, and every transaction sets it for row-level security (ADR 0024), so another tenant's row is never found
 * even by a query that forgot its tenant condition.
 */
@ApplicationScoped
public class EventStoreAdapter implements EventStorePort {

    private static final String STATE_COLUMNS =
            "stream_id, tenant, subject_id, resource_type, version, created_at, updated_at, ciphertext, erased_at";
    /** The state and, on its subject, the member's care-team membership and unexpired break-glass grant. */
    private static final String SCOPED_STATE = "SELECT s.stream_id, s.tenant, s.subject_id, s.resource_type,"
            + " s.version, s.created_at, s.updated_at, s.ciphertext, s.erased_at,"
            + " EXISTS (SELECT 1 FROM care_team c WHERE c.tenant = s.tenant AND c.subject_id = s.subject_id"
            + " AND c.member = $3),"
            + " EXISTS (SELECT 1 FROM break_glass_grant g WHERE g.tenant = s.tenant AND g.subject_id = s.subject_id"
            + " AND g.member = $3 AND g.expires_at > now())"
            + " FROM stream_state s WHERE s.stream_id = $1 AND s.tenant = $2";

    private static final String EVENT_COLUMNS = "stream_id, version, event_id, tenant, subject_id, stream_type,"
            + " record_type, event_type, occurred_at, actor_issuer, actor_subject, actor_client, ciphertext";

    private final Pool pool;

    @Inject
    public EventStoreAdapter(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Void> commit(Commit commit) {
        StoredState state = commit.state();
        return Pipelined.inTenant(pool, state.tenant(), conn -> Pipelined.all(statements(conn, commit)))
                .onFailure()
                .transform(error -> translate(error, commit.expectedVersion()));
    }

    /** The statements of a commit, in the order they must run. */
    private static List<Uni<?>> statements(SqlConnection conn, Commit commit) {
        StoredState state = commit.state();
        // A commit that registers its subject is the first anything knows of it: no other change to lock out,
        // no index terms to replace.
        boolean newSubject = commit.expectedVersion() == 0 && state.isSubject();
        List<Uni<?>> sent = new ArrayList<>();
        if (newSubject) {
            sent.add(conn.preparedQuery("SELECT vault_expect_open_tenant($1)").execute(Tuple.of(state.tenant())));
        } else {
            // Changes to one subject's streams commit one after another, so their outbox rows are numbered in commit
            // order and the relay publishes each subject's events in the order they happened.
            sent.add(conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                    .execute(Tuple.of(state.subjectId().toString())));
        }
        if (commit.expectedVersion() == 0) {
            sent.add(insertState(conn, state));
        } else {
            sent.add(advanceState(conn, state, commit.expectedVersion()));
        }
        commit.events().forEach(e -> sent.add(insertEvent(conn, e)));
        if (commit.newDataKey() != null) {
            WrappedDataKey key = commit.newDataKey();
            sent.add(conn.preparedQuery("INSERT INTO data_key (subject_id, tenant, provider, kek_version, wrapped)"
                            + " VALUES ($1, $2, $3, $4, $5)")
                    .execute(Tuple.of(key.subjectId(), key.tenant(), key.provider(), key.kekVersion(), key.wrapped())));
        }
        if (!commit.outbox().isEmpty()) {
            sent.add(insertOutbox(conn, commit.outbox()));
        }
        if (commit.idempotency() != null) {
            Commit.IdempotencyEntry entry = commit.idempotency();
            sent.add(conn.preparedQuery(
                            "INSERT INTO idempotency_key (tenant, key_hash, subject_id) VALUES ($1, $2, $3)")
                    .execute(Tuple.of(entry.tenant(), HexFormat.of().formatHex(entry.keyHash()), entry.subjectId())));
        }
        if (commit.erasure() != null) {
            sent.addAll(shred(conn, commit.erasure()));
        }
        if (commit.index() != null) {
            Commit.IndexTerms index = commit.index();
            if (!newSubject) {
                // The new version's terms replace the old ones: a changed identifier no longer finds it.
                sent.add(deleteTerms(conn, index.tenant(), index.subjectId()));
            }
            if (!index.termHashes().isEmpty()) {
                sent.add(conn.preparedQuery("INSERT INTO blind_index (tenant, term_hash, subject_id)"
                                + " SELECT $1, h, $3 FROM unnest($2::text[]) AS h")
                        .execute(Tuple.of(
                                index.tenant(),
                                index.termHashes().stream().distinct().toArray(String[]::new),
                                index.subjectId())));
            }
        }
        if (commit.careTeam() != null) {
            Commit.CareTeamMember member = commit.careTeam();
            sent.add(CareTeamAdapter.addMember(
                    conn, member.tenant(), member.subjectId(), member.member(), member.member()));
        }
        return sent;
    }

    private static Uni<?> insertState(SqlConnection conn, StoredState s) {
        return conn.preparedQuery("INSERT INTO stream_state (" + STATE_COLUMNS + ")"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.tuple()
                        .addUUID(s.streamId())
                        .addString(s.tenant())
                        .addUUID(s.subjectId())
                        .addString(s.resourceType())
                        .addLong(s.version())
                        .addOffsetDateTime(Pipelined.at(s.createdAt()))
                        .addOffsetDateTime(Pipelined.at(s.updatedAt()))
                        .addBuffer(Buffer.buffer(s.ciphertext()))
                        .addOffsetDateTime(Pipelined.at(s.erasedAt())));
    }

    /** Moves the projection to the new state only if it is still at the expected version; else nothing commits. */
    private static Uni<?> advanceState(SqlConnection conn, StoredState next, long expected) {
        return conn.preparedQuery("WITH advanced AS (UPDATE stream_state SET version = $1, updated_at = $2,"
                        + " ciphertext = $3, erased_at = $4 WHERE stream_id = $5 AND tenant = $6 AND version = $7"
                        + " RETURNING 1) SELECT vault_expect_advanced(count(*)) FROM advanced")
                .execute(Tuple.tuple()
                        .addLong(next.version())
                        .addOffsetDateTime(Pipelined.at(next.updatedAt()))
                        .addBuffer(Buffer.buffer(next.ciphertext()))
                        .addOffsetDateTime(Pipelined.at(next.erasedAt()))
                        .addUUID(next.streamId())
                        .addString(next.tenant())
                        .addLong(expected));
    }

    private static Uni<?> insertEvent(SqlConnection conn, StoredEvent e) {
        return conn.preparedQuery("INSERT INTO vault_event (" + EVENT_COLUMNS + ")"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                .execute(Tuple.tuple()
                        .addUUID(e.streamId())
                        .addLong(e.version())
                        .addUUID(e.eventId())
                        .addString(e.tenant())
                        .addUUID(e.subjectId())
                        .addString(e.streamType())
                        .addString(e.recordType())
                        .addString(e.eventType())
                        .addOffsetDateTime(Pipelined.at(e.occurredAt()))
                        .addString(e.actorIssuer())
                        .addString(e.actorSubject())
                        .addString(e.actorClient())
                        .addBuffer(Buffer.buffer(e.ciphertext())));
    }

    /** The commit's outbox rows in one statement, each with the writing request's trace context. */
    private static Uni<?> insertOutbox(SqlConnection conn, List<OutboxMessage> messages) {
        int n = messages.size();
        UUID[] ids = new UUID[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        io.vertx.core.buffer.Buffer[] payloads = new io.vertx.core.buffer.Buffer[n];
        String[] traceParents = new String[n];
        String traceParent = TraceParent.current();
        for (int i = 0; i < n; i++) {
            OutboxMessage m = messages.get(i);
            ids[i] = m.eventId();
            topics[i] = m.topic();
            keys[i] = m.key();
            payloads[i] = io.vertx.core.buffer.Buffer.buffer(m.payload());
            traceParents[i] = traceParent;
        }
        return conn.preparedQuery(GroupCommitAccessLog.INSERT)
                .execute(Tuple.tuple()
                        .addArrayOfUUID(ids)
                        .addArrayOfString(topics)
                        .addArrayOfString(keys)
                        .addValue(payloads)
                        .addArrayOfString(traceParents));
    }

    /**
     * Crypto-shredding: the subject's data key is deleted (its table has the shorter backup retention) and
     * every stream of the subject is marked erased. The ciphertext stays, unreadable. Its blind-index terms
     * go too, so a search cannot even tell that the identifier was once registered.
     */
    private static List<Uni<?>> shred(SqlConnection conn, Commit.Erasure erasure) {
        return List.of(
                conn.preparedQuery("INSERT INTO subject_erasure (subject_id, tenant, erased_at, actor_issuer,"
                                + " actor_subject, actor_client, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                        .execute(Tuple.tuple()
                                .addUUID(erasure.subjectId())
                                .addString(erasure.tenant())
                                .addOffsetDateTime(Pipelined.at(erasure.at()))
                                .addString(erasure.actorIssuer())
                                .addString(erasure.actorSubject())
                                .addString(erasure.actorClient())
                                .addString(erasure.reason())),
                conn.preparedQuery("DELETE FROM data_key WHERE subject_id = $1 AND tenant = $2")
                        .execute(Tuple.of(erasure.subjectId(), erasure.tenant())),
                deleteTerms(conn, erasure.tenant(), erasure.subjectId()),
                conn.preparedQuery("UPDATE stream_state SET erased_at = $1"
                                + " WHERE subject_id = $2 AND tenant = $3 AND erased_at IS NULL")
                        .execute(Tuple.of(Pipelined.at(erasure.at()), erasure.subjectId(), erasure.tenant())));
    }

    private static Uni<?> deleteTerms(SqlConnection conn, String tenant, UUID subjectId) {
        return conn.preparedQuery("DELETE FROM blind_index WHERE tenant = $1 AND subject_id = $2")
                .execute(Tuple.of(tenant, subjectId));
    }

    /** Constraint and check failures as the port promises them. */
    private static Throwable translate(Throwable error, long expectedVersion) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("idempotency_key_pkey")) {
                return new IdempotencyKeyTakenException();
            }
            if (message.contains("vault_event_pkey")
                    || message.contains("stream_state_pkey")
                    || message.contains("stream version moved on")) {
                return new StaleVersionException(expectedVersion, expectedVersion + 1);
            }
            if (message.contains("tenant closed")) {
                return new TenantClosedException();
            }
        }
        return error;
    }

    @Override
    public Uni<Optional<StoredState>> findState(String tenant, UUID streamId) {
        return query(
                        tenant,
                        "SELECT " + STATE_COLUMNS + " FROM stream_state WHERE stream_id = $1 AND tenant = $2",
                        Tuple.of(streamId, tenant),
                        EventStoreAdapter::state)
                .map(rows -> rows.stream().findFirst());
    }

    @Override
    public Uni<ScopedState> findStateInScope(String tenant, UUID streamId, String member) {
        return query(tenant, SCOPED_STATE, Tuple.of(streamId, tenant, member), row -> {
                    Scope scope = Boolean.TRUE.equals(row.getBoolean(9))
                            ? Scope.CARE_TEAM
                            : Boolean.TRUE.equals(row.getBoolean(10)) ? Scope.BREAK_GLASS : Scope.OUTSIDE;
                    return new ScopedState(Optional.of(state(row)), scope);
                })
                .map(rows -> rows.isEmpty() ? new ScopedState(Optional.empty(), Scope.OUTSIDE) : rows.getFirst());
    }

    @Override
    public Uni<Boolean> tenantClosed(String tenant) {
        return query(
                        tenant,
                        "SELECT EXISTS (SELECT 1 FROM tenant_closure WHERE tenant = $1)",
                        Tuple.of(tenant),
                        row -> row.getBoolean(0))
                .map(List::getFirst);
    }

    @Override
    public Uni<List<StoredState>> findSubjects(String tenant) {
        return query(
                tenant,
                "SELECT " + STATE_COLUMNS + " FROM stream_state WHERE tenant = $1 AND stream_id = subject_id"
                        + " AND erased_at IS NULL ORDER BY created_at, stream_id",
                Tuple.of(tenant),
                EventStoreAdapter::state);
    }

    @Override
    public Uni<List<StoredState>> findRecords(String tenant, UUID subjectId) {
        return query(
                tenant,
                "SELECT " + STATE_COLUMNS + " FROM stream_state WHERE tenant = $1 AND subject_id = $2"
                        + " AND stream_id <> subject_id ORDER BY created_at, stream_id",
                Tuple.of(tenant, subjectId),
                EventStoreAdapter::state);
    }

    @Override
    public Uni<List<StoredEvent>> loadStream(String tenant, UUID streamId) {
        return query(
                tenant,
                "SELECT " + EVENT_COLUMNS + " FROM vault_event WHERE stream_id = $1 AND tenant = $2 ORDER BY version",
                Tuple.of(streamId, tenant),
                EventStoreAdapter::event);
    }

    @Override
    public Uni<Optional<WrappedDataKey>> findDataKey(String tenant, UUID subjectId) {
        return query(
                        tenant,
                        "SELECT subject_id, tenant, provider, kek_version, wrapped FROM data_key"
                                + " WHERE subject_id = $1 AND tenant = $2 AND destroyed_at IS NULL",
                        Tuple.of(subjectId, tenant),
                        row -> new WrappedDataKey(
                                row.getUUID(0),
                                row.getString(1),
                                row.getString(2),
                                row.getInteger(3),
                                row.getString(4)))
                .map(rows -> rows.stream().findFirst());
    }

    @Override
    public Uni<Optional<UUID>> findIdempotent(String tenant, byte[] keyHash) {
        return query(
                        tenant,
                        "SELECT subject_id FROM idempotency_key WHERE tenant = $1 AND key_hash = $2",
                        Tuple.of(tenant, HexFormat.of().formatHex(keyHash)),
                        row -> row.getUUID(0))
                .map(rows -> rows.stream().findFirst());
    }

    /** One statement in a tenant-scoped transaction of its own, its rows mapped. */
    private <T> Uni<List<T>> query(String tenant, String sql, Tuple parameters, Function<Row, T> mapping) {
        return Pipelined.inTenant(pool, tenant, conn -> conn.preparedQuery(sql).execute(parameters))
                .map(rows -> map(rows, mapping));
    }

    private static <T> List<T> map(RowSet<Row> rows, Function<Row, T> mapping) {
        List<T> mapped = new ArrayList<>(rows.size());
        for (Row row : rows) {
            mapped.add(mapping.apply(row));
        }
        return mapped;
    }

    private static StoredState state(Row row) {
        return new StoredState(
                row.getUUID(0),
                row.getString(1),
                row.getUUID(2),
                row.getString(3),
                row.getLong(4),
                Pipelined.instant(row.getOffsetDateTime(5)),
                Pipelined.instant(row.getOffsetDateTime(6)),
                row.getBuffer(7).getBytes(),
                Pipelined.instant(row.getOffsetDateTime(8)));
    }

    private static StoredEvent event(Row row) {
        return new StoredEvent(
                row.getUUID(2),
                row.getString(3),
                row.getUUID(4),
                row.getUUID(0),
                row.getString(5),
                row.getString(6),
                row.getLong(1),
                row.getString(7),
                Pipelined.instant(row.getOffsetDateTime(8)),
                row.getString(9),
                row.getString(10),
                row.getString(11),
                row.getBuffer(12).getBytes());
    }
}
