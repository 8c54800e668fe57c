package io.phylax.vault.adapter.out.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;

import io.phylax.vault.application.port.out.CareTeamPort;
import io.phylax.vault.application.port.out.OutboxMessage;
import io.phylax.vault.domain.access.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Care teams and break-glass grants in the vault's database (ADR 17); every query carries the tenant. */
@ApplicationScoped
public class CareTeamAdapter implements CareTeamPort {

    private final Mutiny.SessionFactory sessions;
    private final Pool pool;

    @Inject
    public CareTeamAdapter(Mutiny.SessionFactory sessions, Pool pool) {
        this.sessions = sessions;
        this.pool = pool;
    }

    @Override
    public Uni<Scope> scopeOf(String tenant, UUID subjectId, String member) {
        // One statement on every clinician's read (ADR 0093); expiry is compared with the database's clock.
        return Pipelined.inTenant(
                        pool,
                        tenant,
                        conn -> conn.preparedQuery(
                                        "SELECT EXISTS (SELECT 1 FROM care_team WHERE tenant = $1"
                                                + " AND subject_id = $2 AND member = $3), EXISTS (SELECT 1 FROM break_glass_grant"
                                                + " WHERE tenant = $1 AND subject_id = $2 AND member = $3 AND expires_at > now())")
                                .execute(Tuple.of(tenant, subjectId, member)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return Boolean.TRUE.equals(row.getBoolean(0))
                            ? Scope.CARE_TEAM
                            : Boolean.TRUE.equals(row.getBoolean(1)) ? Scope.BREAK_GLASS : Scope.OUTSIDE;
                });
    }

    @Override
    public Uni<List<String>> members(String tenant, UUID subjectId) {
        return TenantScope.transaction(
                sessions,
                tenant,
                session -> session.createNativeQuery(
                                "SELECT member FROM care_team WHERE tenant = :tenant AND subject_id = :subject ORDER BY member",
                                String.class)
                        .setParameter("tenant", tenant)
                        .setParameter("subject", subjectId)
                        .getResultList());
    }

    @Override
    public Uni<Void> add(String tenant, UUID subjectId, String member, String addedBy) {
        return Pipelined.inTenant(pool, tenant, conn -> addMember(conn, tenant, subjectId, member, addedBy))
                .replaceWithVoid();
    }

    /** Puts a member on a care team inside a pipelined transaction; a member already on it stays as they were. */
    static Uni<?> addMember(SqlConnection conn, String tenant, UUID subjectId, String member, String addedBy) {
        return conn.preparedQuery("INSERT INTO care_team (tenant, subject_id, member, added_by)"
                        + " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(tenant, subjectId, member, addedBy));
    }

    @Override
    public Uni<Void> remove(String tenant, UUID subjectId, String member) {
        return TenantScope.transaction(
                        sessions,
                        tenant,
                        session -> session.createNativeQuery(
                                        "DELETE FROM care_team WHERE tenant = :tenant AND subject_id = :subject AND member = :member")
                                .setParameter("tenant", tenant)
                                .setParameter("subject", subjectId)
                                .setParameter("member", member)
                                .executeUpdate())
                .replaceWithVoid();
    }

    @Override
    public Uni<GrantTimes> grant(BreakGlassGrant grant, Duration duration, OutboxMessage accessEvent) {
        return TenantScope.transaction(
                        sessions,
                        grant.tenant(),
                        session -> session.createNativeQuery(
                                        "INSERT INTO break_glass_grant (id, tenant, subject_id, member, actor_issuer, actor_client,"
                                                + " reason_code, reason_text, granted_at, expires_at) VALUES (:id, :tenant,"
                                                + " :subject, :member, :issuer, :client, :code, :text, now(),"
                                                + " now() + make_interval(secs => :seconds))")
                                .setParameter("id", grant.id())
                                .setParameter("tenant", grant.tenant())
                                .setParameter("subject", grant.subjectId())
                                .setParameter("member", grant.member())
                                .setParameter("issuer", grant.actorIssuer())
                                .setParameter("client", grant.actorClient())
                                .setParameter("code", grant.reasonCode())
                                .setParameter("text", grant.reasonText())
                                .setParameter("seconds", duration.toMillis() / 1000.0)
                                .executeUpdate()
                                // The grant and its access event commit together: no grant without its record.
                                .chain(() -> session.persist(OutboxEntity.of(accessEvent, Instant.now())))
                                .chain(session::flush)
                                .chain(() -> session.createNativeQuery(
                                                "SELECT " + DbTimes.micros("granted_at") + ", "
                                                        + DbTimes.micros("expires_at")
                                                        + " FROM break_glass_grant WHERE id = :id",
                                                Object[].class)
                                        .setParameter("id", grant.id())
                                        .getSingleResult()))
                .map(row -> new GrantTimes(DbTimes.instant(row[0]), DbTimes.instant(row[1])));
    }
}
