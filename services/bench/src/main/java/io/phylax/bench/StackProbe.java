package io.phylax.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.phylax.testkit.Databases;

/**
 * Read-only looks into the vault's and the audit service's databases, as their own runtime roles: what a
 * registration stored (row counts and sizes, for pgbench), the vault's durability setting, and when each of the
 * run's reference events entered the outbox and the audit log.
 */
final class StackProbe {

    // The vault tables a registration may insert into, and how each names the subject. idempotency_key only when
    // the request carried an Idempotency-Key, care_team only when the caller's role is scoped by care team.
    private static final Map<String, String> WRITTEN = Map.of(
            "vault_event", "subject_id",
            "stream_state", "subject_id",
            "data_key", "subject_id",
            "blind_index", "subject_id",
            "idempotency_key", "subject_id",
            "care_team", "subject_id",
            "outbox", "message_key");
    private static final String REFERENCE_TOPIC = "phi.events.v1";

    private StackProbe() {}

    /** The vault role's synchronous_commit: pgbench runs with the same. */
    static String vaultSynchronousCommit() throws SQLException {
        try (Connection c = Databases.connect("phi-vault");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW synchronous_commit")) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * Rows per registration and their stored size, per table, measured on the given subjects of one tenant; a
     * table these registrations wrote nothing to is left out. The vault's role sees only the rows of the tenant
     * its session names (row-level security, ADR 0024).
     */
    static List<PgBench.RowShape> rowShapes(String tenant, List<String> subjectIds) throws SQLException {
        List<PgBench.RowShape> shapes = new ArrayList<>();
        try (Connection c = Databases.connect("phi-vault")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('phylax.tenant', ?, false)")) {
                ps.setString(1, tenant);
                ps.execute();
            }
            for (Map.Entry<String, String> table : new java.util.TreeMap<>(WRITTEN).entrySet()) {
                String cast = table.getValue().equals("message_key") ? "text" : "uuid";
                String sql = "SELECT count(*), coalesce(avg(pg_column_size(t.*)), 0) FROM " + table.getKey()
                        + " t WHERE " + table.getValue() + " = ANY (?::" + cast + "[])";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setArray(1, c.createArrayOf("text", subjectIds.toArray()));
                    try (ResultSet r = ps.executeQuery()) {
                        r.next();
                        if (r.getLong(1) == 0) {
                            continue;
                        }
                        shapes.add(new PgBench.RowShape(table.getKey(), r.getLong(1) / (double) subjectIds.size(), (int)
                                Math.round(r.getDouble(2))));
                    }
                }
            }
        }
        return shapes;
    }

    /** Milliseconds from outbox row creation to audit row stored, for each reference event of these subjects. */
    static double[] commitToAuditMillis(List<String> subjectIds) throws SQLException {
        Map<UUID, OffsetDateTime> created = new HashMap<>();
        try (Connection c = Databases.connect("phi-vault");
                PreparedStatement ps = c.prepareStatement(
                        "SELECT event_id, created_at FROM outbox WHERE topic = ? AND message_key = ANY (?::text[])")) {
            ps.setString(1, REFERENCE_TOPIC);
            ps.setArray(2, c.createArrayOf("text", subjectIds.toArray()));
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    created.put(r.getObject(1, UUID.class), r.getObject(2, OffsetDateTime.class));
                }
            }
        }
        List<Double> latencies = new ArrayList<>();
        try (Connection c = Databases.connect("audit");
                PreparedStatement ps =
                        c.prepareStatement("SELECT event_id, received_at FROM audit_entry WHERE event_id = ANY (?)")) {
            Array ids = c.createArrayOf("uuid", created.keySet().toArray());
            ps.setArray(1, ids);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    OffsetDateTime from = created.get(r.getObject(1, UUID.class));
                    OffsetDateTime to = r.getObject(2, OffsetDateTime.class);
                    latencies.add(java.time.Duration.between(from, to).toNanos() / 1e6);
                }
            }
        }
        if (latencies.size() < created.size()) {
            return null; // not all stored yet
        }
        return latencies.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
