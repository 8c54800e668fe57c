package io.phylax.vault.adapter.out.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Function;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Sets the tenant of a transaction for the database's row-level security (ADR 0024): every statement that
 * touches a table with a tenant column runs in a transaction that first set {@code phylax.tenant}, and sees
 * and writes only that tenant's rows. The setting is transaction-local, so a pooled connection never carries
 * it into the next transaction.
 */
final class TenantScope {

    private static final String SET_SQL = "SELECT set_config('phylax.tenant', ?, true)";
    private static final String SET_HQL = "SELECT set_config('phylax.tenant', :tenant, true)";

    private TenantScope() {}

    /**
     * Runs work in a transaction of its own (reads too: autocommit would end the setting at once), which runs to
     * its end even if the request that asked for it is cancelled ({@link RunsToEnd}).
     */
    static <T> Uni<T> transaction(
            Mutiny.SessionFactory sessions, String tenant, Function<Mutiny.Session, Uni<T>> work) {
        return RunsToEnd.run(
                () -> sessions.withTransaction(session -> enter(session, tenant).chain(() -> work.apply(session))));
    }

    /** Sets the tenant in the session's current transaction; must run before its first tenant query. */
    static Uni<Void> enter(Mutiny.Session session, String tenant) {
        return session.createNativeQuery(SET_HQL, String.class)
                .setParameter("tenant", required(tenant))
                .getSingleResult()
                .replaceWithVoid();
    }

    /** Sets the tenant in a JDBC connection's current transaction (auto-commit must be off). */
    static void enter(Connection c, String tenant) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SET_SQL)) {
            st.setString(1, required(tenant));
            st.execute();
        }
    }

    // Fail closed in the service too: an empty tenant would match no row and hide a caller's bug.
    static String required(String tenant) {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalStateException("no tenant for a tenant-scoped transaction");
        }
        return tenant;
    }
}
