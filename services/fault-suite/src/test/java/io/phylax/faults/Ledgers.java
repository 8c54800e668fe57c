package io.phylax.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.phylax.contract.Topics;
import io.phylax.testkit.Databases;

/**
 * What the vault's event store and outbox and the audit log hold, read as each service's owner role (ids, versions
 * and times only; nothing read here is PHI). The owner, because the vault's tables force row-level security per
 * tenant and the runtime role sees nothing without a tenant set (ADR 0024); the owner's maintenance policy sees all.
 * The questions the fault tests ask after a fault.
 */
final class Ledgers {

    private Ledgers() {}

    /** The vault's event id of version {@code version} of {@code stream}, if that version is stored. */
    static Optional<UUID> eventId(UUID stream, long version) {
        return queryOne(
                "phi-vault", "SELECT event_id FROM vault_event WHERE stream_id = ? AND version = ?", stream, version);
    }

    /**
     * The vault's event id of each stored version of {@code streams}, keyed by stream and version ({@code
     * stream/version}): one query for all of them.
     */
    static Map<String, UUID> eventIds(Collection<UUID> streams) {
        Map<String, UUID> ids = new HashMap<>();
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement query = prepare(
                        db, "SELECT stream_id, version, event_id FROM vault_event WHERE stream_id = ANY (?)", (Object)
                                streams.toArray(UUID[]::new));
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                ids.put(rows.getObject(1, UUID.class) + "/" + rows.getLong(2), rows.getObject(3, UUID.class));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read phi-vault's database", e);
        }
        return ids;
    }

    /** How many outbox rows each of {@code eventIds} has (an event without any is absent from the map). */
    static Map<UUID, Long> outboxRows(Collection<UUID> eventIds) {
        Map<UUID, Long> rows = new HashMap<>();
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement query = prepare(
                        db, "SELECT event_id, count(*) FROM outbox WHERE event_id = ANY (?) GROUP BY event_id", (Object)
                                eventIds.toArray(UUID[]::new));
                ResultSet found = query.executeQuery()) {
            while (found.next()) {
                rows.put(found.getObject(1, UUID.class), found.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read phi-vault's database", e);
        }
        return rows;
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

    /** How many of {@code eventIds} the reporting service has counted (its processed-event ledger). */
    static long reported(Collection<UUID> eventIds) {
        Object ids = eventIds.toArray(UUID[]::new);
        return count("reporting", "SELECT count(*) FROM processed_event WHERE event_id = ANY (?)", ids);
    }

    /** The status of the notification service's delivery for {@code eventId}, once it has one. */
    static Optional<String> delivery(UUID eventId) {
        try (Connection db = Databases.connectAsOwner("notification");
                PreparedStatement query = prepare(db, "SELECT status FROM delivery WHERE event_id = ?", eventId);
                ResultSet row = query.executeQuery()) {
            return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the notification service's database", e);
        }
    }

    /** The stream versions the audit log holds for {@code stream}, in the order it stored them (its seq). */
    static List<Long> auditedVersions(UUID stream) {
        return auditedVersions(List.of(stream)).getOrDefault(stream, List.of());
    }

    /**
     * The stream versions the audit log holds for each of {@code streams}, each list in the order it stored them (its
     * seq): one query for all of them, since a fault test checks thousands of streams.
     */
    static Map<UUID, List<Long>> auditedVersions(Collection<UUID> streams) {
        Map<UUID, List<Long>> versions = new HashMap<>();
        try (Connection db = Databases.connectAsOwner("audit");
                PreparedStatement query = prepare(
                        db,
                        "SELECT stream_id, stream_version FROM audit_entry"
                                + " WHERE kind = 'reference' AND stream_id = ANY (?) ORDER BY seq",
                        (Object) streams.toArray(UUID[]::new));
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                versions.computeIfAbsent(rows.getObject(1, UUID.class), s -> new ArrayList<>())
                        .add(rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log", e);
        }
        return versions;
    }

    private static Optional<UUID> queryOne(String service, String sql, Object... args) {
        try (Connection db = Databases.connectAsOwner(service);
                PreparedStatement query = prepare(db, sql, args);
                ResultSet row = query.executeQuery()) {
            return row.next() ? Optional.of(row.getObject(1, UUID.class)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + service + "'s database", e);
        }
    }

    private static long count(String service, String sql, Object... args) {
        try (Connection db = Databases.connectAsOwner(service);
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
