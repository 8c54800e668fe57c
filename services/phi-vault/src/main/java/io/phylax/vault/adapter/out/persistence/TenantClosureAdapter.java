package io.phylax.vault.adapter.out.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.vault.application.port.in.TenantClosureUseCase.ClosureReport;
import io.phylax.vault.application.port.out.KeyInventoryPort.Lease;
import io.phylax.vault.application.port.out.TenantClosurePort;

/** Tenant closures over JDBC (ADR 19): the report row, the subjects left, and the final destruction. */
@ApplicationScoped
public class TenantClosureAdapter implements TenantClosurePort {

    private static final String REPORT = "SELECT tenant, requested_by, started_at, finished_at, subjects_erased,"
            + " data_keys_destroyed, index_keys_destroyed, export_files_emptied FROM tenant_closure WHERE tenant = ?";

    private final DataSource db;

    @Inject
    public TenantClosureAdapter(DataSource db) {
        this.db = db;
    }

    @Override
    public ClosureReport start(String tenant, String by) {
        Jdbc.update(
                db,
                tenant,
                "INSERT INTO tenant_closure (tenant, requested_by) VALUES (?, ?) ON CONFLICT DO NOTHING",
                tenant,
                by);
        return find(tenant).orElseThrow();
    }

    @Override
    public Optional<ClosureReport> find(String tenant) {
        return Jdbc.inTenant(db, tenant, c -> find(c, tenant));
    }

    private static Optional<ClosureReport> find(Connection c, String tenant) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(REPORT)) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp finished = rs.getTimestamp(4);
                return Optional.of(new ClosureReport(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        finished == null ? null : finished.toInstant(),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getInt(7),
                        rs.getInt(8)));
            }
        }
    }

    @Override
    public List<UUID> liveSubjects(String tenant, UUID after, int limit) {
        String sql = "SELECT subject_id FROM stream_state WHERE tenant = ? AND stream_id = subject_id"
                + " AND erased_at IS NULL" + (after == null ? "" : " AND subject_id > ?")
                + " ORDER BY subject_id LIMIT ?";
        return after == null
                ? Jdbc.uuids(db, tenant, sql, tenant, limit)
                : Jdbc.uuids(db, tenant, sql, tenant, after, limit);
    }

    @Override
    public long erasedByClosure(String tenant, String closureActor) {
        return Jdbc.inTenant(db, tenant, c -> {
            try (PreparedStatement st = Jdbc.prepare(
                            c,
                            "SELECT count(*) FROM subject_erasure WHERE tenant = ?"
                                    + " AND reason = 'TENANT_CLOSURE' AND actor_subject = ?",
                            tenant,
                            closureActor);
                    ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void progress(String tenant, long subjectsErased) {
        Jdbc.update(
                db,
                tenant,
                "UPDATE tenant_closure SET subjects_erased = ?, data_keys_destroyed = ? WHERE tenant = ?"
                        + " AND finished_at IS NULL",
                subjectsErased,
                subjectsErased,
                tenant);
    }

    @Override
    public ClosureReport finish(String tenant, long subjectsErased) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                TenantScope.enter(c, tenant);
                int leftoverKeys = delete(c, "DELETE FROM data_key WHERE tenant = ?", tenant);
                delete(c, "DELETE FROM blind_index WHERE tenant = ?", tenant);
                int indexKeys = delete(c, "DELETE FROM blind_index_key WHERE tenant = ?", tenant);
                int exportFiles = delete(
                        c, "UPDATE export_request SET payload = NULL WHERE tenant = ? AND payload IS NOT NULL", tenant);
                try (PreparedStatement st = c.prepareStatement("UPDATE tenant_closure SET finished_at = now(),"
                        + " subjects_erased = ?, data_keys_destroyed = ?, index_keys_destroyed = ?,"
                        + " export_files_emptied = ? WHERE tenant = ? AND finished_at IS NULL")) {
                    st.setLong(1, subjectsErased);
                    st.setLong(2, subjectsErased + leftoverKeys);
                    st.setInt(3, indexKeys);
                    st.setInt(4, exportFiles);
                    st.setString(5, tenant);
                    st.executeUpdate();
                }
                // Read inside the transaction: the tenant setting ends with the commit.
                ClosureReport report = find(c, tenant).orElseThrow();
                c.commit();
                return report;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw Jdbc.failed(e);
        }
    }

    private static int delete(Connection c, String sql, String tenant) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, tenant);
            return st.executeUpdate();
        }
    }

    @Override
    public List<String> unfinished() {
        // Before any tenant is set: the owner's narrow listing function (ADR 0024).
        return Jdbc.strings(db, "SELECT * FROM vault_unfinished_closures()");
    }

    @Override
    public Optional<Lease> tryLock(String job) {
        return Jdbc.tryLock(db, job);
    }
}
