package io.phylax.vault.adapter.out.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;

import io.phylax.vault.application.port.out.Commit;
import io.phylax.vault.application.port.out.EventStorePort;
import io.phylax.vault.application.port.out.IdempotencyKeyTakenException;
import io.phylax.vault.application.port.out.StoredEvent;
import io.phylax.vault.application.port.out.StoredState;
import io.phylax.vault.application.port.out.WrappedDataKey;
import io.phylax.vault.domain.StaleVersionException;
import io.smallrye.mutiny.Uni;

/**
 * The event store in the vault's PostgreSQL database, through Hibernate Reactive. A {@link Commit} is one
 * transaction; every query carries the tenant, and every transaction sets it for row-level security (ADR 0024),
 * so another tenant's row is never found even by a query that forgot its tenant condition.
 */
@ApplicationScoped
public class EventStoreAdapter implements EventStorePort {

    private final Mutiny.SessionFactory sessions;

    @Inject
    public EventStoreAdapter(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public Uni<Void> commit(Commit commit) {
        Instant now = Instant.now();
        List<Object> inserts = new ArrayList<>();
        commit.events().forEach(e -> inserts.add(EventEntity.of(e)));
        if (commit.newDataKey() != null) {
            inserts.add(DataKeyEntity.of(commit.newDataKey(), now));
        }
        if (commit.expectedVersion() == 0) {
            inserts.add(StreamStateEntity.of(commit.state()));
        }
        commit.outbox().forEach(m -> inserts.add(OutboxEntity.of(m, now)));
        if (commit.erasure() != null) {
            inserts.add(SubjectErasureEntity.of(commit.erasure()));
        }
        if (commit.idempotency() != null) {
            IdempotencyEntity key = new IdempotencyEntity();
            key.tenant = commit.idempotency().tenant();
            key.keyHash = HexFormat.of().formatHex(commit.idempotency().keyHash());
            key.subjectId = commit.idempotency().subjectId();
            key.createdAt = now;
            inserts.add(key);
        }
        return RunsToEnd.run(() -> sessions.withTransaction((session, tx) -> {
                    Uni<Void> projected = commit.expectedVersion() == 0
                            ? Uni.createFrom().voidItem()
                            : advanceState(session, commit.state(), commit.expectedVersion());
                    // Row-level security (ADR 0024): the tenant first, before any statement on its tables.
                    return TenantScope.enter(session, commit.state().tenant())
                            .chain(() ->
                                    serializePerSubject(session, commit.state().subjectId()))
                            .chain(() -> projected)
                            .chain(() -> session.persistAll(inserts.toArray()))
                            .chain(session::flush)
                            .chain(() -> commit.index() == null
                                    ? Uni.createFrom().voidItem()
                                    : BlindIndexAdapter.replaceTerms(
                                            session,
                                            commit.index().tenant(),
                                            commit.index().subjectId(),
                                            commit.index().termHashes()))
                            .chain(() -> commit.erasure() == null
                                    ? Uni.createFrom().voidItem()
                                    : shred(session, commit.erasure()))
                            .chain(() -> commit.careTeam() == null
                                    ? Uni.createFrom().voidItem()
                                    : CareTeamAdapter.addMember(
                                            session,
                                            commit.careTeam().tenant(),
                                            commit.careTeam().subjectId(),
                                            commit.careTeam().member(),
                                            commit.careTeam().member()));
                }))
                .onFailure()
                .transform(error -> translate(error, commit.expectedVersion()));
    }

    /**
     * Changes to one subject's streams commit one after another, so their outbox rows are numbered in commit
     * order and the relay publishes each subject's events in the order they happened.
     */
    private static Uni<Void> serializePerSubject(Mutiny.Session session, UUID subjectId) {
        return session.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:subject, 0))")
                .setParameter("subject", subjectId.toString())
                .getSingleResult()
                .replaceWithVoid();
    }

    /**
     * Crypto-shredding: the subject's data key is deleted (its table has the shorter backup retention) and
     * every stream of the subject is marked erased. The ciphertext stays, unreadable. Its blind-index terms
     * go too, so a search cannot even tell that the identifier was once registered.
     */
    private static Uni<Void> shred(Mutiny.Session session, Commit.Erasure erasure) {
        return session.createMutationQuery("delete from DataKeyEntity where subjectId = :subject and tenant = :tenant")
                .setParameter("subject", erasure.subjectId())
                .setParameter("tenant", erasure.tenant())
                .executeUpdate()
                .chain(() -> BlindIndexAdapter.replaceTerms(
                        session, erasure.tenant(), erasure.subjectId(), java.util.List.of()))
                .chain(() -> session.createMutationQuery("update StreamStateEntity set erasedAt = :at"
                                + " where subjectId = :subject and tenant = :tenant and erasedAt is null")
                        .setParameter("at", erasure.at())
                        .setParameter("subject", erasure.subjectId())
                        .setParameter("tenant", erasure.tenant())
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Moves the projection to the new state only if it is still at the expected version. */
    private static Uni<Void> advanceState(Mutiny.Session session, StoredState next, long expected) {
        return session.createMutationQuery(
                        "update StreamStateEntity set version = :version, updatedAt = :updatedAt, ciphertext = :ciphertext,"
                                + " erasedAt = :erasedAt where streamId = :id and tenant = :tenant and version = :expected")
                .setParameter("version", next.version())
                .setParameter("updatedAt", next.updatedAt())
                .setParameter("ciphertext", next.ciphertext())
                .setParameter("erasedAt", next.erasedAt())
                .setParameter("id", next.streamId())
                .setParameter("tenant", next.tenant())
                .setParameter("expected", expected)
                .executeUpdate()
                .invoke(updated -> {
                    if (updated != 1) {
                        throw new StaleVersionException(expected, next.version() - 1);
                    }
                })
                .replaceWithVoid();
    }

    /** A unique violation means someone else appended first (or claimed the same Idempotency-Key). */
    private static Throwable translate(Throwable error, long expectedVersion) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("idempotency_key_pkey")) {
                return new IdempotencyKeyTakenException();
            }
            if (message.contains("vault_event_pkey") || message.contains("stream_state_pkey")) {
                return new StaleVersionException(expectedVersion, expectedVersion + 1);
            }
        }
        return error;
    }

    @Override
    public Uni<Optional<StoredState>> findState(String tenant, UUID streamId) {
        return TenantScope.transaction(
                        sessions,
                        tenant,
                        session -> session.createSelectionQuery(
                                        "from StreamStateEntity where streamId = :id and tenant = :tenant",
                                        StreamStateEntity.class)
                                .setParameter("id", streamId)
                                .setParameter("tenant", tenant)
                                .getSingleResultOrNull())
                .map(row -> Optional.ofNullable(row).map(StreamStateEntity::toStored));
    }

    @Override
    public Uni<Boolean> tenantClosed(String tenant) {
        return TenantScope.transaction(
                sessions,
                tenant,
                session -> session.createNativeQuery(
                                "SELECT EXISTS (SELECT 1 FROM tenant_closure WHERE tenant = :tenant)", Boolean.class)
                        .setParameter("tenant", tenant)
                        .getSingleResult());
    }

    @Override
    public Uni<List<StoredState>> findSubjects(String tenant) {
        return TenantScope.transaction(
                        sessions,
                        tenant,
                        session -> session.createSelectionQuery(
                                        "from StreamStateEntity where tenant = :tenant and streamId = subjectId"
                                                + " and erasedAt is null order by createdAt, streamId",
                                        StreamStateEntity.class)
                                .setParameter("tenant", tenant)
                                .getResultList())
                .map(rows -> rows.stream().map(StreamStateEntity::toStored).toList());
    }

    @Override
    public Uni<List<StoredState>> findRecords(String tenant, UUID subjectId) {
        return TenantScope.transaction(
                        sessions,
                        tenant,
                        session -> session.createSelectionQuery(
                                        "from StreamStateEntity where tenant = :tenant and subjectId = :subject"
                                                + " and streamId <> subjectId order by createdAt, streamId",
                                        StreamStateEntity.class)
                                .setParameter("tenant", tenant)
                                .setParameter("subject", subjectId)
                                .getResultList())
                .map(rows -> rows.stream().map(StreamStateEntity::toStored).toList());
    }

    @Override
    public Uni<List<StoredEvent>> loadStream(String tenant, UUID streamId) {
        return TenantScope.transaction(
                        sessions,
                        tenant,
                        session -> session.createSelectionQuery(
                                        "from EventEntity where streamId = :id and tenant = :tenant order by version",
                                        EventEntity.class)
                                .setParameter("id", streamId)
                                .setParameter("tenant", tenant)
                                .getResultList())
                .map(rows -> rows.stream().map(EventEntity::toStored).toList());
    }

    @Override
    public Uni<Optional<WrappedDataKey>> findDataKey(String tenant, UUID subjectId) {
        return TenantScope.transaction(
                        sessions,
                        tenant,
                        session -> session.createSelectionQuery(
                                        "from DataKeyEntity where subjectId = :id and tenant = :tenant and destroyedAt is null",
                                        DataKeyEntity.class)
                                .setParameter("id", subjectId)
                                .setParameter("tenant", tenant)
                                .getSingleResultOrNull())
                .map(row -> Optional.ofNullable(row).map(DataKeyEntity::toWrapped));
    }

    @Override
    public Uni<Optional<UUID>> findIdempotent(String tenant, byte[] keyHash) {
        return TenantScope.transaction(
                        sessions,
                        tenant,
                        session -> session.createSelectionQuery(
                                        "select subjectId from IdempotencyEntity where tenant = :tenant and keyHash = :hash",
                                        UUID.class)
                                .setParameter("tenant", tenant)
                                .setParameter("hash", HexFormat.of().formatHex(keyHash))
                                .getSingleResultOrNull())
                .map(Optional::ofNullable);
    }
}
