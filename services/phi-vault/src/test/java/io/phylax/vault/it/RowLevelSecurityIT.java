package io.phylax.vault.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.phylax.testkit.Databases;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Row-level security per tenant in the vault's database (ADR 0024), seen from the vault's own runtime role:
 * with tenant A set, tenant B's rows are invisible and cannot be written; with no tenant set, nothing is.
 * Rows are staged by the owner under two throwaway tenants, so no job or other test ever meets them.
 * {@code @QuarkusTest} so that the vault has migrated the database before these checks run.
 */
@QuarkusTest
class RowLevelSecurityIT {

    private final String tenantA = "rls-a-" + UUID.randomUUID();
    private final String tenantB = "rls-b-" + UUID.randomUUID();
    private final UUID subjectA = UUID.randomUUID();
    private final UUID subjectB = UUID.randomUUID();

    @BeforeEach
    void stageOneRowOfEachTenant() throws SQLException {
        try (Connection owner = Databases.connectAsOwner("phi-vault")) {
            for (Object[] row : List.of(new Object[] {tenantA, subjectA}, new Object[] {tenantB, subjectB})) {
                try (PreparedStatement st = owner.prepareStatement("INSERT INTO care_team (tenant, subject_id,"
                        + " member, added_by) VALUES (?, ?, 'rls-member', 'rls-test')")) {
                    st.setObject(1, row[0]);
                    st.setObject(2, row[1]);
                    st.executeUpdate();
                }
                try (PreparedStatement st = owner.prepareStatement("INSERT INTO stream_state (stream_id, tenant,"
                        + " subject_id, resource_type, version, created_at, updated_at, ciphertext)"
                        + " VALUES (?, ?, ?, 'Patient', 1, now(), now(), '\\x00')")) {
                    st.setObject(1, row[1]);
                    st.setObject(2, row[0]);
                    st.setObject(3, row[1]);
                    st.executeUpdate();
                }
            }
        }
    }

    @AfterEach
    void removeTheStagedRows() throws SQLException {
        try (Connection owner = Databases.connectAsOwner("phi-vault");
                PreparedStatement team = owner.prepareStatement("DELETE FROM care_team WHERE tenant IN (?, ?)");
                PreparedStatement state = owner.prepareStatement("DELETE FROM stream_state WHERE tenant IN (?, ?)")) {
            for (PreparedStatement st : List.of(team, state)) {
                st.setString(1, tenantA);
                st.setString(2, tenantB);
                st.executeUpdate();
            }
        }
    }

    @Test
    void withTenantASetTheRuntimeRoleReadsOnlyTenantAsRowsEvenWithoutATenantCondition() throws SQLException {
        try (Connection db = runtimeRole()) {
            setTenant(db, tenantA);

            // The query "forgot" its tenant condition; the database adds it.
            assertThat(subjects(db, "SELECT subject_id FROM care_team WHERE subject_id IN (?, ?)"))
                    .containsExactly(subjectA);
            assertThat(subjects(db, "SELECT subject_id FROM stream_state WHERE subject_id IN (?, ?)"))
                    .containsExactly(subjectA);
            db.rollback();
        }
    }

    @Test
    void withTenantASetTheRuntimeRoleCannotInsertARowOfTenantB() throws SQLException {
        try (Connection db = runtimeRole()) {
            setTenant(db, tenantA);

            assertRowSecurityRefuses(
                    db,
                    "INSERT INTO care_team (tenant, subject_id, member, added_by)" + " VALUES ('" + tenantB + "', '"
                            + subjectB + "', 'intruder', 'rls-test')");
            db.rollback();
        }
        assertThat(ownerCount("care_team", subjectB)).isEqualTo(1);
    }

    @Test
    void withTenantASetTheRuntimeRoleCannotDeleteOrUpdateTenantBsRows() throws SQLException {
        try (Connection db = runtimeRole();
                Statement st = db.createStatement()) {
            setTenant(db, tenantA);

            assertThat(st.executeUpdate("DELETE FROM care_team WHERE subject_id = '" + subjectB + "'"))
                    .isZero();
            assertThat(st.executeUpdate(
                            "UPDATE stream_state SET version = version + 1 WHERE stream_id = '" + subjectB + "'"))
                    .isZero();
            db.commit();
        }
        assertThat(ownerCount("care_team", subjectB)).isEqualTo(1);
        assertThat(ownerVersion(subjectB)).isEqualTo(1);
    }

    @Test
    void withTenantASetTheRuntimeRoleCannotMoveARowToTenantB() throws SQLException {
        try (Connection db = runtimeRole()) {
            setTenant(db, tenantA);

            assertRowSecurityRefuses(
                    db, "UPDATE stream_state SET tenant = '" + tenantB + "' WHERE stream_id = '" + subjectA + "'");
            db.rollback();
        }
    }

    @Test
    void withoutATenantTheRuntimeRoleSeesNoRowOfAnyTenantTable() throws SQLException {
        List<String> tables = tenantTables();
        assertThat(tables).contains("vault_event", "stream_state", "care_team", "export_request");
        try (Connection db = runtimeRole();
                Statement st = db.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(table).isZero();
                }
            }
            db.rollback();
        }
        // Not vacuous: the owner sees the staged rows the runtime role did not.
        assertThat(ownerCount("care_team", subjectA)).isEqualTo(1);
    }

    @Test
    void withoutATenantTheRuntimeRoleCannotInsertAnyRow() throws SQLException {
        try (Connection db = runtimeRole()) {
            assertRowSecurityRefuses(
                    db,
                    "INSERT INTO care_team (tenant, subject_id, member, added_by)" + " VALUES ('" + tenantA + "', '"
                            + UUID.randomUUID() + "', 'no-tenant', 'rls-test')");
            db.rollback();
        }
    }

    @Test
    void theTenantSettingEndsWithItsTransactionSoAPooledConnectionCarriesNothingOver() throws SQLException {
        try (Connection db = runtimeRole()) {
            setTenant(db, tenantA);
            assertThat(subjects(db, "SELECT subject_id FROM care_team WHERE subject_id IN (?, ?)"))
                    .containsExactly(subjectA);
            db.commit();

            assertThat(subjects(db, "SELECT subject_id FROM care_team WHERE subject_id IN (?, ?)"))
                    .isEmpty();
            db.rollback();
        }
    }

    @Test
    void everyTableWithATenantColumnForcesRowLevelSecurityAndTheRuntimeRoleCannotBypassIt() throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,"
                        + " EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname"
                        + "   AND p.policyname = 'tenant_isolation' AND 'phi_vault' = ANY (p.roles))"
                        + " FROM pg_class c JOIN information_schema.columns col ON col.table_name = c.relname"
                        + " AND col.table_schema = 'public' AND col.column_name = 'tenant'"
                        + " WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace")) {
            int tables = 0;
            while (rs.next()) {
                tables++;
                assertThat(new boolean[] {rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4)})
                        .as(rs.getString(1) + ": RLS enabled, forced, tenant policy for the runtime role")
                        .containsOnly(true);
            }
            assertThat(tables).isGreaterThanOrEqualTo(14);
        }
        try (Connection db = runtimeRole();
                Statement st = db.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("BYPASSRLS").isFalse();
            assertThat(rs.getBoolean(2)).as("superuser").isFalse();
        }
    }

    private static Connection runtimeRole() throws SQLException {
        Connection db = Databases.connect("phi-vault");
        // A transaction-local setting needs a transaction: auto-commit would end it with its own statement.
        db.setAutoCommit(false);
        return db;
    }

    private static void setTenant(Connection db, String tenant) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("SELECT set_config('phylax.tenant', ?, true)")) {
            st.setString(1, tenant);
            st.execute();
        }
    }

    private List<UUID> subjects(Connection db, String sql) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            st.setObject(1, subjectA);
            st.setObject(2, subjectB);
            List<UUID> found = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getObject(1, UUID.class));
                }
            }
            return found;
        }
    }

    private static void assertRowSecurityRefuses(Connection db, String sql) {
        assertThatThrownBy(() -> {
                    try (Statement st = db.createStatement()) {
                        st.executeUpdate(sql);
                    }
                })
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("row-level security")
                // 42501 insufficient_privilege: PostgreSQL's code for a row its policy refuses.
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
    }

    private static List<String> tenantTables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection db = Databases.connectAsOwner("phi-vault");
                Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.columns WHERE"
                        + " table_schema = 'public' AND column_name = 'tenant' ORDER BY table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static long ownerCount(String table, UUID subject) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("SELECT count(*) FROM " + table + " WHERE subject_id = ?")) {
            st.setObject(1, subject);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long ownerVersion(UUID stream) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("SELECT version FROM stream_state WHERE stream_id = ?")) {
            st.setObject(1, stream);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
