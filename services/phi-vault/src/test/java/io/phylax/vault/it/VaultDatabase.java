package io.phylax.vault.it;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.phylax.testkit.Databases;

/** Direct looks into the vault's database, to check what is stored and to stage faults. */
final class VaultDatabase {

    private static final List<String> TABLES = List.of(
            "vault_event",
            "stream_state",
            "data_key",
            "outbox",
            "idempotency_key",
            "subject_erasure",
            "blind_index",
            "blind_index_key",
            "care_team",
            "break_glass_grant",
            "export_request");

    private VaultDatabase() {}

    /** Tables any of whose cells (text or raw bytes) contain the canary. */
    static List<String> tablesContaining(String canary) throws SQLException {
        byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        try (Connection db = Databases.connectAsOwner("phi-vault");
                Statement st = db.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next() && !found.contains(table)) {
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            byte[] cell = rs.getBytes(c);
                            if (cell != null && indexOf(cell, needle) >= 0) {
                                found.add(table);
                                break;
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Rows about one subject across the event store and its projection. */
    static int rowsOfSubject(UUID subject) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st =
                        db.prepareStatement("SELECT (SELECT count(*) FROM vault_event WHERE subject_id = ?)"
                                + " + (SELECT count(*) FROM stream_state WHERE subject_id = ?)")) {
            st.setObject(1, subject);
            st.setObject(2, subject);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** How many subjects a tenant has (tests in one class run one at a time, so differences are theirs). */
    static long subjectCount(String tenant) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement(
                        "SELECT count(*) FROM stream_state WHERE tenant = ? AND stream_id = subject_id")) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Blind-index rows of one subject. */
    static long indexRows(UUID subject) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("SELECT count(*) FROM blind_index WHERE subject_id = ?")) {
            st.setObject(1, subject);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The access events the vault committed to its outbox for one correlation id. */
    static List<io.phylax.contract.AccessEvent> accessEvents(String correlationId) throws SQLException {
        List<io.phylax.contract.AccessEvent> events = new ArrayList<>();
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("SELECT payload FROM outbox WHERE topic = 'phi.access.v1'"
                        + " AND position(convert_to(?, 'UTF8') in payload) > 0 ORDER BY id")) {
            st.setString(1, correlationId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    events.add(io.phylax.contract.EventCodec.decodeAccess(rs.getBytes(1)));
                }
            }
        }
        return events;
    }

    /** Ends every break-glass grant on a subject as if its time had passed (the database clock decides). */
    static int expireBreakGlass(UUID subject) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("UPDATE break_glass_grant SET granted_at = now()"
                        + " - interval '2 hours', expires_at = now() - interval '1 hour' WHERE subject_id = ?")) {
            st.setObject(1, subject);
            return st.executeUpdate();
        }
    }

    /** Lets an export's download window end, as if its time had passed (the database clock decides). */
    static void expireExport(UUID export) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement(
                        "UPDATE export_request SET expires_at = now() - interval '1 second' WHERE id = ?")) {
            st.setObject(1, export);
            st.executeUpdate();
        }
    }

    /** Whether an export row still holds its (encrypted) file. */
    static boolean exportHoldsFile(UUID export) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st =
                        db.prepareStatement("SELECT payload IS NOT NULL FROM export_request WHERE id = ?")) {
            st.setObject(1, export);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** SubjectErased events per subject of the tenant (a subject erased twice would count 2). */
    static java.util.Map<UUID, Integer> subjectErasedEvents(String tenant) throws SQLException {
        java.util.Map<UUID, Integer> counts = new java.util.HashMap<>();
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("SELECT subject_id, count(*) FROM vault_event"
                        + " WHERE tenant = ? AND event_type = 'SubjectErased' GROUP BY subject_id")) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getObject(1, UUID.class), rs.getInt(2));
                }
            }
        }
        return counts;
    }

    static boolean dataKeyExists(UUID subject) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("SELECT count(*) FROM data_key WHERE subject_id = ?")) {
            st.setObject(1, subject);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** A subject's projection row as a backup would hold it. */
    record Snapshot(UUID streamId, long version, byte[] ciphertext) {}

    static Snapshot snapshotState(UUID streamId) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st =
                        db.prepareStatement("SELECT version, ciphertext FROM stream_state WHERE stream_id = ?")) {
            st.setObject(1, streamId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Snapshot(streamId, rs.getLong(1), rs.getBytes(2));
            }
        }
    }

    /** Puts a projection row back as the snapshot had it (as a restore from an older backup would). */
    static void restoreState(Snapshot snapshot) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("UPDATE stream_state SET version = ?, ciphertext = ?,"
                        + " erased_at = NULL WHERE stream_id = ?")) {
            st.setLong(1, snapshot.version());
            st.setBytes(2, snapshot.ciphertext());
            st.setObject(3, snapshot.streamId());
            st.executeUpdate();
        }
    }

    /** Outbox messages about these subjects not yet published to Kafka. */
    static long unpublished(List<UUID> subjects) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement(
                        "SELECT count(*) FROM outbox WHERE published_at IS NULL AND message_key = ANY(?)")) {
            st.setArray(
                    1,
                    db.createArrayOf(
                            "text", subjects.stream().map(UUID::toString).toArray()));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void flipAByteOfState(UUID streamId) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("UPDATE stream_state SET ciphertext ="
                        + " overlay(ciphertext placing set_byte(substring(ciphertext from 20 for 1), 0,"
                        + " get_byte(ciphertext, 19) # 1) from 20 for 1) WHERE stream_id = ?")) {
            st.setObject(1, streamId);
            if (st.executeUpdate() != 1) {
                throw new IllegalStateException("no projection row for " + streamId);
            }
        }
    }

    static boolean serviceRoleMayRewriteEvents() {
        return succeeds("UPDATE vault_event SET event_type = event_type WHERE false");
    }

    static boolean serviceRoleMayDeleteEvents() {
        return succeeds("DELETE FROM vault_event WHERE false");
    }

    private static boolean succeeds(String sql) {
        try (Connection db = Databases.connect("phi-vault");
                Statement st = db.createStatement()) {
            st.executeUpdate(sql);
            return true;
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw new IllegalStateException("unexpected SQL state " + e.getSQLState(), e);
            }
            return false;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
