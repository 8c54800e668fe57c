package io.phylax.vault.adapter.out.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.phylax.vault.application.port.out.KeyInventoryPort.Lease;

/** Small JDBC helpers for the vault's blocking batch jobs. */
final class Jdbc {

    private static final Logger LOG = Logger.getLogger(Jdbc.class);

    private Jdbc() {}

    /** Work on a JDBC connection inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs work in one transaction with the tenant set for row-level security (ADR 0024): committed if it
     * returns, rolled back if it throws.
     */
    static <T> T inTenant(DataSource db, String tenant, Work<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                TenantScope.enter(c, tenant);
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    static int update(DataSource db, String tenant, String sql, Object... parameters) {
        return inTenant(db, tenant, c -> {
            try (PreparedStatement st = prepare(c, sql, parameters)) {
                return st.executeUpdate();
            }
        });
    }

    /** The uuids of the first column of a query's rows, for the jobs' paging queries. */
    static List<UUID> uuids(DataSource db, String tenant, String sql, Object... parameters) {
        return inTenant(db, tenant, c -> {
            try (PreparedStatement st = prepare(c, sql, parameters);
                    ResultSet rs = st.executeQuery()) {
                List<UUID> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(rs.getObject(1, UUID.class));
                }
                return found;
            }
        });
    }

    /** The first column of a query's rows as text: the tenants the owner's listing functions return. */
    static List<String> strings(DataSource db, String sql) {
        try (Connection c = db.getConnection();
                PreparedStatement st = c.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            List<String> found = new ArrayList<>();
            while (rs.next()) {
                found.add(rs.getString(1));
            }
            return found;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** A prepared statement with its parameters bound; the caller closes it (it is closed here if binding fails). */
    static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            return st;
        } catch (SQLException | RuntimeException e) {
            st.close();
            throw e;
        }
    }

    /**
     * A session advisory lock on a connection kept for the job: released when closed, or by PostgreSQL when
     * this replica dies, so a crashed job's claim never outlives it.
     */
    static Optional<Lease> tryLock(DataSource db, String job) {
        Connection c = null;
        try {
            c = db.getConnection();
            boolean held;
            try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
                st.setString(1, "phylax-vault-job:" + job);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    held = rs.getBoolean(1);
                }
            }
            if (!held) {
                c.close();
                return Optional.empty();
            }
            Connection locked = c;
            return Optional.of(() -> release(locked, job));
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // Already failing; the lock (if any) goes with the session.
                }
            }
            throw failed(e);
        }
    }

    private static void release(Connection c, String job) {
        // A pooled connection outlives close(), and so would its session lock: unlock explicitly first.
        try (c;
                PreparedStatement st = c.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
            st.setString(1, "phylax-vault-job:" + job);
            st.execute();
        } catch (SQLException e) {
            LOG.warnf("could not release the job lock cleanly (%s); it ends with the session", e.getSQLState());
        }
    }

    /** SQL errors are reported by state only: messages may quote parameters. */
    static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("database call failed (SQL state " + e.getSQLState() + ")");
    }
}
