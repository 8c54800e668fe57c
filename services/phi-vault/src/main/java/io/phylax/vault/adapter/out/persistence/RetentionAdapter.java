package io.phylax.vault.adapter.out.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.vault.application.port.out.KeyInventoryPort.Lease;
import io.phylax.vault.application.port.out.RetentionPort;

/** Retention policies and the search for inactive subjects, over JDBC. */
@ApplicationScoped
public class RetentionAdapter implements RetentionPort {

    private final DataSource db;

    @Inject
    public RetentionAdapter(DataSource db) {
        this.db = db;
    }

    @Override
    public Map<String, Integer> policies() {
        Map<String, Integer> policies = new LinkedHashMap<>();
        try (Connection c = db.getConnection();
                // Lists every tenant's policy before any tenant is set: the owner's narrow function (ADR 0024).
                PreparedStatement st =
                        c.prepareStatement("SELECT tenant, inactive_after_days FROM vault_retention_policies()");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                policies.put(rs.getString(1), rs.getInt(2));
            }
            return policies;
        } catch (SQLException e) {
            throw Jdbc.failed(e);
        }
    }

    @Override
    public Optional<Integer> policy(String tenant) {
        return Jdbc.inTenant(db, tenant, c -> {
            try (PreparedStatement st = Jdbc.prepare(
                            c, "SELECT inactive_after_days FROM retention_policy WHERE tenant = ?", tenant);
                    ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        });
    }

    @Override
    public void setPolicy(String tenant, int inactiveAfterDays, String by) {
        Jdbc.update(
                db,
                tenant,
                "INSERT INTO retention_policy (tenant, inactive_after_days, updated_at, updated_by)"
                        + " VALUES (?, ?, now(), ?) ON CONFLICT (tenant) DO UPDATE SET"
                        + " inactive_after_days = excluded.inactive_after_days, updated_at = excluded.updated_at,"
                        + " updated_by = excluded.updated_by",
                tenant,
                inactiveAfterDays,
                by);
    }

    @Override
    public List<UUID> inactiveSubjects(String tenant, int days, UUID after, int limit) {
        // The last change of a subject is the newest change to any of its streams (subject and records).
        String sql = "SELECT subject_id FROM stream_state WHERE tenant = ?"
                + (after == null ? "" : " AND subject_id > ?")
                + " GROUP BY subject_id HAVING bool_and(erased_at IS NULL)"
                + " AND max(updated_at) < now() - make_interval(days => ?) ORDER BY subject_id LIMIT ?";
        return after == null
                ? Jdbc.uuids(db, tenant, sql, tenant, days, limit)
                : Jdbc.uuids(db, tenant, sql, tenant, after, days, limit);
    }

    @Override
    public Optional<Lease> tryLock(String job) {
        return Jdbc.tryLock(db, job);
    }
}
