package io.phylax.audit.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.phylax.testkit.Databases;

/** Direct looks into the audit database, as the service's role or as the owner (to stage tampering). */
final class AuditDatabase {

    private AuditDatabase() {}

    /** The stored row of an event, column by column, if it is in the log. */
    static Optional<Map<String, Object>> entryOf(UUID eventId) {
        try (Connection db = Databases.connect("audit");
                PreparedStatement st = db.prepareStatement("SELECT * FROM audit_entry WHERE event_id = ?")) {
            st.setObject(1, eventId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long seqOf(UUID eventId) {
        return ((Number) entryOf(eventId).orElseThrow().get("seq")).longValue();
    }

    /** How many rows carry this event id (the unique constraint says at most one; this counts anyway). */
    static int rowsWithEventId(UUID eventId) {
        try (Connection db = Databases.connect("audit");
                PreparedStatement st = db.prepareStatement("SELECT count(*) FROM audit_entry WHERE event_id = ?")) {
            st.setObject(1, eventId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many of these events are in the log. */
    static int storedOf(List<UUID> eventIds) {
        try (Connection db = Databases.connect("audit");
                PreparedStatement st =
                        db.prepareStatement("SELECT count(*) FROM audit_entry WHERE event_id = ANY(?)")) {
            st.setArray(1, db.createArrayOf("uuid", eventIds.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether some session is waiting for an advisory lock (an append held up by a lock a test holds). */
    static boolean someoneWaitsForAnAdvisoryLock() {
        try (Connection db = Databases.connect("audit");
                Statement st = db.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a statement as the service's own role; false if the role lacks the privilege. */
    static boolean serviceRoleMay(String sql) {
        try (Connection db = Databases.connect("audit");
                Statement st = db.createStatement()) {
            st.execute(sql);
            return true;
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw new IllegalStateException("unexpected SQL state " + e.getSQLState(), e);
            }
            return false;
        }
    }

    static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            row.put(meta.getColumnName(c), rs.getObject(c));
        }
        return row;
    }
}
