package io.phylax.vault.adapter.out.persistence;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;

import io.phylax.vault.application.port.out.BlindIndexPort;
import io.phylax.vault.application.port.out.WrappedIndexKey;
import io.phylax.vault.config.VaultConfig;
import io.smallrye.mutiny.Uni;

/** The blind index's keys and lookups in the vault's database; every query carries the tenant. */
@ApplicationScoped
public class BlindIndexAdapter implements BlindIndexPort {

    private final Mutiny.SessionFactory sessions;
    private final String scope;

    @Inject
    public BlindIndexAdapter(Mutiny.SessionFactory sessions, VaultConfig config) {
        this.sessions = sessions;
        this.scope = config.keys().indexKeyScope().orElse("");
    }

    @Override
    public Uni<Optional<WrappedIndexKey>> findIndexKey(String tenant) {
        return TenantScope.transaction(
                        sessions,
                        tenant,
                        session -> session.createNativeQuery(
                                        "SELECT provider, kek_version, wrapped FROM blind_index_key"
                                                + " WHERE tenant = :tenant AND key_scope = :scope",
                                        Object[].class)
                                .setParameter("tenant", tenant)
                                .setParameter("scope", scope)
                                .getResultList())
                .map(rows -> rows.stream()
                        .findFirst()
                        .map(row -> new WrappedIndexKey(
                                tenant, (String) row[0], ((Number) row[1]).intValue(), (String) row[2])));
    }

    @Override
    public Uni<WrappedIndexKey> saveIndexKeyIfAbsent(WrappedIndexKey key) {
        // Two replicas may create a tenant's first key at once: the first insert wins and both use its key.
        return TenantScope.transaction(
                        sessions,
                        key.tenant(),
                        session -> session.createNativeQuery(
                                        "INSERT INTO blind_index_key (tenant, key_scope, provider, kek_version, wrapped) VALUES"
                                                + " (:tenant, :scope, :provider, :version, :wrapped) ON CONFLICT DO NOTHING")
                                .setParameter("scope", scope)
                                .setParameter("tenant", key.tenant())
                                .setParameter("provider", key.provider())
                                .setParameter("version", key.kekVersion())
                                .setParameter("wrapped", key.wrapped())
                                .executeUpdate())
                .chain(() -> findIndexKey(key.tenant()))
                .map(Optional::orElseThrow);
    }

    @Override
    public Uni<List<UUID>> findSubjects(String tenant, String termHash) {
        return TenantScope.transaction(
                sessions,
                tenant,
                session -> session.createNativeQuery(
                                "SELECT subject_id FROM blind_index WHERE tenant = :tenant AND term_hash = :hash"
                                        + " ORDER BY subject_id",
                                UUID.class)
                        .setParameter("tenant", tenant)
                        .setParameter("hash", termHash)
                        .getResultList());
    }

    @Override
    public Uni<List<SubjectVersion>> liveSubjects(String tenant, UUID after, int limit) {
        return TenantScope.transaction(
                        sessions,
                        tenant,
                        session -> session.createNativeQuery(
                                        "SELECT subject_id, version FROM stream_state WHERE tenant = :tenant"
                                                + " AND stream_id = subject_id AND erased_at IS NULL AND subject_id > :after"
                                                + " ORDER BY subject_id LIMIT :limit",
                                        Object[].class)
                                .setParameter("tenant", tenant)
                                // PostgreSQL orders uuids as unsigned bytes: the nil uuid (never assigned) comes before
                                // all.
                                .setParameter("after", after == null ? new UUID(0, 0) : after)
                                .setParameter("limit", limit)
                                .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> new SubjectVersion((UUID) r[0], ((Number) r[1]).longValue()))
                        .toList());
    }

    @Override
    public Uni<Boolean> reindex(String tenant, UUID subjectId, long version, List<String> termHashes) {
        return TenantScope.transaction(
                sessions,
                tenant,
                session -> session.createNativeQuery(
                                // The same per-subject lock every commit takes, so no change slips in between.
                                "SELECT pg_advisory_xact_lock(hashtextextended(:subject, 0))")
                        .setParameter("subject", subjectId.toString())
                        .getSingleResult()
                        .chain(() -> session.createNativeQuery(
                                        "SELECT count(*) FROM stream_state WHERE tenant = :tenant AND stream_id = :id"
                                                + " AND version = :version AND erased_at IS NULL",
                                        Long.class)
                                .setParameter("tenant", tenant)
                                .setParameter("id", subjectId)
                                .setParameter("version", version)
                                .getSingleResult())
                        .flatMap(current -> current == 0
                                ? Uni.createFrom().item(false)
                                : replaceTerms(session, tenant, subjectId, termHashes)
                                        .replaceWith(true)));
    }

    /** Replaces a subject's index terms inside the caller's transaction. */
    static Uni<Void> replaceTerms(Mutiny.Session session, String tenant, UUID subjectId, List<String> hashes) {
        Uni<Void> done = session.createNativeQuery(
                        "DELETE FROM blind_index WHERE tenant = :tenant AND subject_id = :subject")
                .setParameter("tenant", tenant)
                .setParameter("subject", subjectId)
                .executeUpdate()
                .replaceWithVoid();
        for (String hash : hashes.stream().distinct().toList()) {
            done = done.chain(() -> session.createNativeQuery(
                            "INSERT INTO blind_index (tenant, term_hash, subject_id) VALUES (:tenant, :hash, :subject)")
                    .setParameter("tenant", tenant)
                    .setParameter("hash", hash)
                    .setParameter("subject", subjectId)
                    .executeUpdate()
                    .replaceWithVoid());
        }
        return done;
    }
}
