package io.phylax.vault.adapter.out.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;

import io.phylax.vault.application.port.out.ExportPort;
import io.phylax.vault.application.port.out.OutboxMessage;
import io.smallrye.mutiny.Uni;

/** Export requests in the vault's database (ADR 18); each step commits with its access events. */
@ApplicationScoped
public class ExportAdapter implements ExportPort {

    private static final String COLUMNS = "id, tenant, format, public_key, status, requested_by, "
            + DbTimes.micros("requested_at") + ", decided_by, " + DbTimes.micros("decided_at") + ", "
            + DbTimes.micros("produced_at") + ", " + DbTimes.micros("expires_at")
            + ", subjects";

    private final Mutiny.SessionFactory sessions;

    @Inject
    public ExportAdapter(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public Uni<Void> insert(ExportRow row, String requesterIssuer, OutboxMessage accessEvent) {
        return TenantScope.transaction(
                        sessions,
                        row.tenant(),
                        session -> session.createNativeQuery(
                                        "INSERT INTO export_request (id, tenant, format, public_key, status, requested_by,"
                                                + " requested_by_issuer) VALUES (:id, :tenant, :format, :key, 'REQUESTED',"
                                                + " :by, :issuer)")
                                .setParameter("id", row.id())
                                .setParameter("tenant", row.tenant())
                                .setParameter("format", row.format())
                                .setParameter("key", row.publicKey())
                                .setParameter("by", row.requestedBy())
                                .setParameter("issuer", requesterIssuer)
                                .executeUpdate()
                                .chain(() -> outbox(session, List.of(accessEvent))))
                .replaceWithVoid();
    }

    @Override
    public Uni<Optional<ExportRow>> find(String tenant, UUID id) {
        return TenantScope.transaction(
                        sessions,
                        tenant,
                        session -> session.createNativeQuery(
                                        "SELECT " + COLUMNS
                                                + " FROM export_request WHERE tenant = :tenant AND id = :id",
                                        Object[].class)
                                .setParameter("tenant", tenant)
                                .setParameter("id", id)
                                .getResultList())
                .map(rows -> rows.stream().findFirst().map(ExportAdapter::row));
    }

    @Override
    public Uni<Boolean> decide(String tenant, UUID id, String status, String by, OutboxMessage accessEvent) {
        return TenantScope.transaction(
                sessions,
                tenant,
                session -> session.createNativeQuery(
                                "UPDATE export_request SET status = :status, decided_by = :by, decided_at = now()"
                                        + " WHERE tenant = :tenant AND id = :id AND status = 'REQUESTED'"
                                        + " AND requested_by <> :by")
                        .setParameter("status", status)
                        .setParameter("by", by)
                        .setParameter("tenant", tenant)
                        .setParameter("id", id)
                        .executeUpdate()
                        .flatMap(updated -> updated == 1
                                ? outbox(session, List.of(accessEvent)).replaceWith(true)
                                : Uni.createFrom().item(false)));
    }

    @Override
    public Uni<Void> produced(
            String tenant, UUID id, byte[] payload, int subjects, Duration expiry, List<OutboxMessage> accessEvents) {
        return TenantScope.transaction(
                        sessions,
                        tenant,
                        session -> session.createNativeQuery(
                                        "UPDATE export_request SET status = 'PRODUCED', payload = :payload, subjects = :subjects,"
                                                + " produced_at = now(), expires_at = now() + make_interval(secs => :seconds)"
                                                + " WHERE tenant = :tenant AND id = :id AND status = 'APPROVED'")
                                .setParameter("payload", payload)
                                .setParameter("subjects", subjects)
                                .setParameter("seconds", expiry.toMillis() / 1000.0)
                                .setParameter("tenant", tenant)
                                .setParameter("id", id)
                                .executeUpdate()
                                .flatMap(updated -> {
                                    if (updated != 1) {
                                        throw new IllegalStateException("export is no longer waiting to be produced");
                                    }
                                    return outbox(session, accessEvents);
                                }))
                .replaceWithVoid();
    }

    @Override
    public Uni<Optional<byte[]>> takeFile(String tenant, UUID id, OutboxMessage accessEvent) {
        return TenantScope.transaction(
                sessions,
                tenant,
                session -> session.createNativeQuery(
                                // An expired file is emptied whenever anyone reaches for it.
                                "UPDATE export_request SET payload = NULL WHERE tenant = :tenant AND id = :id"
                                        + " AND expires_at <= now() AND payload IS NOT NULL")
                        .setParameter("tenant", tenant)
                        .setParameter("id", id)
                        .executeUpdate()
                        .chain(() -> session.createNativeQuery(
                                        "UPDATE export_request SET downloads = downloads + 1, last_downloaded_at = now()"
                                                + " WHERE tenant = :tenant AND id = :id AND status = 'PRODUCED'"
                                                + " AND expires_at > now() AND payload IS NOT NULL")
                                .setParameter("tenant", tenant)
                                .setParameter("id", id)
                                .executeUpdate())
                        .flatMap(updated -> updated != 1
                                ? Uni.createFrom().item(Optional.<byte[]>empty())
                                : outbox(session, List.of(accessEvent))
                                        .chain(() -> session.createNativeQuery(
                                                        "SELECT payload FROM export_request WHERE id = :id",
                                                        byte[].class)
                                                .setParameter("id", id)
                                                .getSingleResult())
                                        .map(Optional::of)));
    }

    private static Uni<Void> outbox(Mutiny.Session session, List<OutboxMessage> messages) {
        Instant now = Instant.now();
        return session.persistAll(
                        messages.stream().map(m -> OutboxEntity.of(m, now)).toArray())
                .chain(session::flush);
    }

    private static ExportRow row(Object[] r) {
        return new ExportRow(
                (UUID) r[0],
                (String) r[1],
                (String) r[2],
                (String) r[3],
                (String) r[4],
                (String) r[5],
                DbTimes.instant(r[6]),
                (String) r[7],
                DbTimes.instant(r[8]),
                DbTimes.instant(r[9]),
                DbTimes.instant(r[10]),
                r[11] == null ? null : ((Number) r[11]).intValue());
    }
}
