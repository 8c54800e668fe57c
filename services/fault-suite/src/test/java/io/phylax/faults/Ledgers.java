package io.phylax.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.phylax.contract.Topics;
import io.phylax.testkit.Databases;

/**
 * What the vault's event store and outbox and the audit log hold, read as each service's own role (ids, versions
 * and times only; nothing read here is PHI). The questions the fault tests ask after a fault.
 */
final class Ledgers {

    private Ledgers() {}

    /** The vault's event id of version {@code version} of {@code stream}, if that version is stored. */
    static Optional<UUID> eventId(UUID stream, long version) {
        return queryOne(
                "phi-vault", "SELECT event_id FROM vault_event WHERE stream_id = ? AND version = ?", stream, version);
    }

    /** How many outbox rows carry {@code eventId} (one, for a stored event). */
    static long outboxRows(UUID eventId) {
        return count("phi-vault", "SELECT count(*) FROM outbox WHERE event_id = ?", eventId);
    }

    /** Outbox rows for the reference topic, written since {@code since}, whose event is not in the event store. */
    static long orphanOutboxRows(Instant since) {
        return count(
                "phi-vault",
                "SELECT count(*) FROM outbox o WHERE o.topic = ? AND o.created_at >= ?"
                        + " AND NOT EXISTS (SELECT 1 FROM vault_event e WHERE e.event_id = o.event_id)",
                Topics.PHI_EVENTS,
                Timestamp.from(since));
    }

    /** Outbox rows among {@code eventIds} not yet published. */
    static long unpublished(Collection<UUID> eventIds) {
        // One array parameter, not varargs spread over several.
        Object ids = eventIds.toArray(UUID[]::new);
        return count("phi-vault", "SELECT count(*) FROM outbox WHERE published_at IS NULL AND event_id = ANY (?)", ids);
    }

    /** The status of the notification service's delivery for {@code eventId}, once it has one. */
    static Optional<String> delivery(UUID eventId) {
        try (Connection db = Databases.connect("notification");
                PreparedStatement query = prepare(db, "SELECT status FROM delivery WHERE event_id = ?", eventId);
                ResultSet row = query.executeQuery()) {
            return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the notification service's database", e);
        }
    }

    /** The stream versions the audit log holds for {@code stream}, in the order it stored them (its seq). */
    static List<Long> auditedVersions(UUID stream) {
        List<Long> versions = new ArrayList<>();
        try (Connection db = Databases.connect("audit");
                PreparedStatement query = db.prepareStatement("SELECT stream_version FROM audit_entry"
                        + " WHERE kind = 'reference' AND stream_id = ? ORDER BY seq")) {
            query.setObject(1, stream);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    versions.add(rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log", e);
        }
        return versions;
    }

    private static Optional<UUID> queryOne(String service, String sql, Object... args) {
        try (Connection db = Databases.connect(service);
                PreparedStatement query = prepare(db, sql, args);
                ResultSet row = query.executeQuery()) {
            return row.next() ? Optional.of(row.getObject(1, UUID.class)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + service + "'s database", e);
        }
    }

    private static long count(String service, String sql, Object... args) {
        try (Connection db = Databases.connect(service);
                PreparedStatement query = prepare(db, sql, args);
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + service + "'s database", e);
        }
    }

    private static PreparedStatement prepare(Connection db, String sql, Object... args) throws SQLException {
        PreparedStatement query = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof UUID[] ids) {
                query.setArray(i + 1, db.createArrayOf("uuid", ids));
            } else {
                query.setObject(i + 1, args[i]);
            }
        }
        return query;
    }
}
