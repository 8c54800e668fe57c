package io.phylax.vault.adapter.out.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.phylax.vault.application.port.out.KeyInventoryPort;
import io.phylax.vault.application.port.out.WrappedDataKey;
import io.phylax.vault.application.port.out.WrappedIndexKey;
import io.phylax.vault.config.VaultConfig;

/**
 * Wrapped keys and rotation bookkeeping over JDBC (the rewrap job is blocking batch work on its own thread).
 * Cluster-wide job claims are PostgreSQL session advisory locks on a connection held for the job.
 */
@ApplicationScoped
public class KeyInventoryAdapter implements KeyInventoryPort {

    private static final Logger LOG = Logger.getLogger(KeyInventoryAdapter.class);

    private final DataSource db;
    private final String scope;

    @Inject
    public KeyInventoryAdapter(DataSource db, VaultConfig config) {
        this.db = db;
        this.scope = config.keys().indexKeyScope().orElse("");
    }

    @Override
    public Optional<Lease> tryLock(String job) {
        return Jdbc.tryLock(db, job);
    }

    @Override
    public List<WrappedDataKey> dataKeysBelow(String tenant, int version, UUID after, int limit) {
        String sql = "SELECT subject_id, provider, kek_version, wrapped FROM data_key WHERE tenant = ?"
                + " AND kek_version < ? AND destroyed_at IS NULL"
                + (after == null ? "" : " AND subject_id > ?")
                + " ORDER BY subject_id LIMIT ?";
        return Jdbc.inTenant(db, tenant, c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                int i = 1;
                st.setString(i++, tenant);
                st.setInt(i++, version);
                if (after != null) {
                    st.setObject(i++, after);
                }
                st.setInt(i, limit);
                List<WrappedDataKey> keys = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        keys.add(new WrappedDataKey(
                                rs.getObject(1, UUID.class), tenant, rs.getString(2), rs.getInt(3), rs.getString(4)));
                    }
                }
                return keys;
            }
        });
    }

    @Override
    public Optional<WrappedIndexKey> indexKey(String tenant) {
        return Jdbc.inTenant(db, tenant, c -> {
            try (PreparedStatement st = Jdbc.prepare(
                            c,
                            "SELECT provider, kek_version, wrapped FROM blind_index_key WHERE tenant = ? AND key_scope = ?",
                            tenant,
                            scope);
                    ResultSet rs = st.executeQuery()) {
                return rs.next()
                        ? Optional.of(new WrappedIndexKey(tenant, rs.getString(1), rs.getInt(2), rs.getString(3)))
                        : Optional.empty();
            }
        });
    }

    @Override
    public int replaceDataKeys(List<DataKeyRewrap> batch) {
        String sql = "UPDATE data_key SET provider = ?, kek_version = ?, wrapped = ?, rewraps = rewraps + 1"
                + " WHERE subject_id = ? AND tenant = ? AND wrapped = ? AND destroyed_at IS NULL";
        if (batch.isEmpty()) {
            return 0;
        }
        // A batch is one tenant's keys (the job works per tenant): the transaction is that tenant's.
        String tenant = batch.get(0).after().tenant();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            int replaced = 0;
            try (PreparedStatement st = c.prepareStatement(sql)) {
                TenantScope.enter(c, tenant);
                for (DataKeyRewrap rewrap : batch) {
                    WrappedDataKey after = rewrap.after();
                    st.setString(1, after.provider());
                    st.setInt(2, after.kekVersion());
                    st.setString(3, after.wrapped());
                    st.setObject(4, after.subjectId());
                    st.setString(5, after.tenant());
                    st.setString(6, rewrap.before().wrapped());
                    st.addBatch();
                }
                for (int count : st.executeBatch()) {
                    replaced += Math.max(count, 0);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            return replaced;
        } catch (SQLException e) {
            throw Jdbc.failed(e);
        }
    }

    @Override
    public boolean replaceIndexKey(WrappedIndexKey before, WrappedIndexKey after) {
        return Jdbc.update(
                        db,
                        after.tenant(),
                        "UPDATE blind_index_key SET provider = ?, kek_version = ?, wrapped = ?, rewraps = rewraps + 1"
                                + " WHERE tenant = ? AND key_scope = ? AND wrapped = ?",
                        after.provider(),
                        after.kekVersion(),
                        after.wrapped(),
                        after.tenant(),
                        scope,
                        before.wrapped())
                == 1;
    }

    @Override
    public Map<Integer, Long> dataKeysPerVersion(String tenant) {
        return Jdbc.inTenant(db, tenant, c -> {
            Map<Integer, Long> counts = new TreeMap<>();
            try (PreparedStatement st = Jdbc.prepare(
                            c,
                            "SELECT kek_version, count(*) FROM data_key WHERE tenant = ? AND destroyed_at IS NULL"
                                    + " GROUP BY kek_version",
                            tenant);
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getInt(1), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    @Override
    public int minVersion(String tenant) {
        return Jdbc.inTenant(db, tenant, c -> {
            try (PreparedStatement st =
                            Jdbc.prepare(c, "SELECT min_version FROM tenant_key_policy WHERE tenant = ?", tenant);
                    ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 1;
            }
        });
    }

    @Override
    public void setMinVersion(String tenant, int version, String by) {
        Jdbc.update(
                db,
                tenant,
                "INSERT INTO tenant_key_policy (tenant, min_version, updated_at, updated_by) VALUES (?, ?, now(), ?)"
                        + " ON CONFLICT (tenant) DO UPDATE SET min_version = excluded.min_version,"
                        + " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                tenant,
                version,
                by);
    }

    @Override
    public RewrapJob startJob(String tenant, int targetVersion) {
        // A resumed job keeps its counters; a job for a newer version starts them again.
        Jdbc.update(
                db,
                tenant,
                "INSERT INTO rewrap_job (tenant, target_version, started_at) VALUES (?, ?, now())"
                        + " ON CONFLICT (tenant) DO UPDATE SET finished_at = NULL,"
                        + " started_at = CASE WHEN rewrap_job.target_version = excluded.target_version"
                        + "   AND rewrap_job.finished_at IS NULL THEN rewrap_job.started_at ELSE now() END,"
                        + " rewrapped = CASE WHEN rewrap_job.target_version = excluded.target_version"
                        + "   AND rewrap_job.finished_at IS NULL THEN rewrap_job.rewrapped ELSE 0 END,"
                        + " failed = 0, target_version = excluded.target_version",
                tenant,
                targetVersion);
        return job(tenant).orElseThrow();
    }

    @Override
    public void jobProgress(String tenant, long rewrapped, long failed) {
        Jdbc.update(
                db,
                tenant,
                "UPDATE rewrap_job SET rewrapped = rewrapped + ?, failed = failed + ? WHERE tenant = ?",
                rewrapped,
                failed,
                tenant);
    }

    @Override
    public void jobFinished(String tenant) {
        Jdbc.update(db, tenant, "UPDATE rewrap_job SET finished_at = now() WHERE tenant = ?", tenant);
    }

    @Override
    public Optional<RewrapJob> job(String tenant) {
        return Jdbc.inTenant(db, tenant, c -> {
            try (PreparedStatement st = Jdbc.prepare(
                            c,
                            "SELECT target_version, started_at, finished_at, rewrapped, failed FROM rewrap_job"
                                    + " WHERE tenant = ?",
                            tenant);
                    ResultSet rs = st.executeQuery()) {
                return rs.next()
                        ? Optional.of(new RewrapJob(
                                tenant,
                                rs.getInt(1),
                                instant(rs.getTimestamp(2)),
                                instant(rs.getTimestamp(3)),
                                rs.getLong(4),
                                rs.getLong(5)))
                        : Optional.empty();
            }
        });
    }

    @Override
    public List<String> unfinishedJobs() {
        try {
            // Before any tenant is set: the owner's narrow listing function (ADR 0024).
            return Jdbc.strings(db, "SELECT * FROM vault_unfinished_rewrap_jobs()");
        } catch (IllegalStateException e) {
            LOG.warnf("cannot list unfinished rewrap jobs: %s", e.getMessage());
            return List.of();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
