package io.phylax.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.phylax.testkit.Databases;
import io.phylax.testkit.DemoRealm;

/**
 * Each service's own database role (the one it runs as) tries to rewrite history and to cross into another
 * service's database. Every attempt is built so that it would change nothing even if it were allowed
 * ({@code WHERE false}, or inside a transaction that is rolled back): the assertion is the refusal itself.
 * The vault's role also tries to reach another tenant's rows past row-level security (ADR 0024): without the
 * tenant setting, with another tenant's setting, and by switching row security off.
 */
class DatabaseAttacksIT {

    static final List<String> SERVICES = DemoRealm.SERVICES;

    /** Tables that must be append-only for the service's own role: history, audit trail, processed-event markers. */
    static final List<Arguments> APPEND_ONLY = List.of(
            Arguments.of("phi-vault", "vault_event"),
            Arguments.of("phi-vault", "subject_erasure"),
            Arguments.of("phi-vault", "idempotency_key"),
            Arguments.of("audit", "audit_entry"),
            Arguments.of("audit", "merkle_node"),
            Arguments.of("audit", "tree_head"),
            Arguments.of("reporting", "processed_event"));

    /** Tables whose rows the service updates but must never delete. */
    static final List<Arguments> NEVER_DELETED = List.of(
            Arguments.of("phi-vault", "stream_state"),
            Arguments.of("phi-vault", "outbox"),
            Arguments.of("notification", "delivery"),
            Arguments.of("reporting", "activity_count"));

    /** Every vault table with a tenant column: row-level security admits only the transaction's tenant. */
    static final List<String> VAULT_TENANT_TABLES = List.of(
            "vault_event",
            "stream_state",
            "data_key",
            "idempotency_key",
            "subject_erasure",
            "blind_index_key",
            "blind_index",
            "tenant_key_policy",
            "rewrap_job",
            "retention_policy",
            "care_team",
            "break_glass_grant",
            "export_request",
            "tenant_closure");

    static Stream<Arguments> servicePairs() {
        return Grid.distinctPairs(SERVICES);
    }

    @ParameterizedTest(name = "{0}.{1}")
    @FieldSource("APPEND_ONLY")
    void serviceRoleCannotUpdateAppendOnlyTable(String service, String table) throws SQLException {
        try (Connection db = Databases.connect(service)) {
            String column = firstColumn(db, table);
            assertRefused(db, "UPDATE " + table + " SET " + column + " = " + column + " WHERE false");
        }
    }

    @ParameterizedTest(name = "{0}.{1}")
    @FieldSource({"APPEND_ONLY", "NEVER_DELETED"})
    void serviceRoleCannotDeleteFromTable(String service, String table) throws SQLException {
        try (Connection db = Databases.connect(service)) {
            assertRefused(db, "DELETE FROM " + table + " WHERE false");
        }
    }

    @ParameterizedTest(name = "{0}.{1}")
    @FieldSource({"APPEND_ONLY", "NEVER_DELETED"})
    void serviceRoleCannotTruncateTable(String service, String table) throws SQLException {
        try (Connection db = Databases.connect(service)) {
            db.setAutoCommit(false);
            try {
                assertRefused(db, "TRUNCATE " + table);
            } finally {
                db.rollback();
            }
        }
    }

    @ParameterizedTest(name = "{0}.{1}")
    @FieldSource("APPEND_ONLY")
    void serviceRoleCannotDisableTheTablesTriggersOrChangeIt(String service, String table) throws SQLException {
        try (Connection db = Databases.connect(service)) {
            db.setAutoCommit(false);
            try {
                assertRefused(db, "ALTER TABLE " + table + " DISABLE TRIGGER ALL");
            } finally {
                db.rollback();
            }
        }
    }

    @ParameterizedTest(name = "{0} into {1}")
    @MethodSource("servicePairs")
    void serviceRoleCannotConnectToAnotherServicesDatabase(String service, String other) {
        assertThatThrownBy(() -> Databases.connect(other, service).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied for database");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SERVICES")
    void serviceRoleCannotCreateObjectsInItsDatabase(String service) throws SQLException {
        try (Connection db = Databases.connect(service)) {
            db.setAutoCommit(false);
            try {
                assertRefused(db, "CREATE TABLE public.attack_probe (id int)");
            } finally {
                db.rollback();
            }
        }
    }

    @ParameterizedTest(name = "phi-vault.{0}")
    @FieldSource("VAULT_TENANT_TABLES")
    void vaultRoleWithoutTheTenantSettingReadsNoRow(String table) throws SQLException {
        long all;
        try (Connection owner = Databases.connectAsOwner("phi-vault")) {
            all = count(owner, "SELECT count(*) FROM " + table);
        }
        try (Connection db = Databases.connect("phi-vault")) {
            assertThat(count(db, "SELECT count(*) FROM " + table))
                    .as("rows of %s visible without a tenant (the owner sees %d)", table, all)
                    .isZero();
        }
    }

    @ParameterizedTest(name = "phi-vault.{0}")
    @FieldSource("VAULT_TENANT_TABLES")
    void vaultRoleWithAnotherTenantSetReadsNoRowOfClinicA(String table) throws SQLException {
        try (Connection db = Databases.connect("phi-vault")) {
            db.setAutoCommit(false);
            try {
                setTenant(db, DemoRealm.CLINIC_B);
                assertThat(count(db, "SELECT count(*) FROM " + table + " WHERE tenant = '" + DemoRealm.CLINIC_A + "'"))
                        .isZero();
            } finally {
                db.rollback();
            }
        }
    }

    @Test
    void vaultRoleWithAnotherTenantSetCannotWriteAClinicARow() throws SQLException {
        try (Connection db = Databases.connect("phi-vault")) {
            db.setAutoCommit(false);
            try {
                setTenant(db, DemoRealm.CLINIC_B);
                assertRefused(
                        db,
                        "INSERT INTO care_team (tenant, subject_id, member, added_by) VALUES ('" + DemoRealm.CLINIC_A
                                + "', gen_random_uuid(), 'attacker', 'attacker')");
            } finally {
                db.rollback();
            }
        }
    }

    @Test
    void vaultRoleCannotSwitchRowSecurityOffToReadEveryTenant() throws SQLException {
        try (Connection db = Databases.connect("phi-vault")) {
            db.setAutoCommit(false);
            try {
                try (Statement st = db.createStatement()) {
                    st.execute("SET LOCAL row_security = off");
                }
                // With row security off, a role that does not bypass it gets an error instead of filtered rows.
                assertRefused(db, "SELECT count(*) FROM vault_event");
            } finally {
                db.rollback();
            }
        }
    }

    @ParameterizedTest(name = "phi-vault.{0}")
    @FieldSource("VAULT_TENANT_TABLES")
    void vaultRoleCannotDisableRowLevelSecurity(String table) throws SQLException {
        try (Connection db = Databases.connect("phi-vault")) {
            db.setAutoCommit(false);
            try {
                assertRefused(db, "ALTER TABLE " + table + " NO FORCE ROW LEVEL SECURITY");
            } finally {
                db.rollback();
            }
        }
    }

    private static void setTenant(Connection db, String tenant) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("SELECT set_config('phylax.tenant', ?, true)")) {
            st.setString(1, tenant);
            st.execute();
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertRefused(Connection db, String sql) {
        assertThatThrownBy(() -> {
                    try (Statement st = db.createStatement()) {
                        st.execute(sql);
                    }
                })
                .as(sql)
                .isInstanceOf(SQLException.class)
                // 42501 insufficient_privilege: the table exists and the role may not do this to it.
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
    }

    private static String firstColumn(Connection db, String table) throws SQLException {
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND table_name = '" + table
                        + "' ORDER BY ordinal_position LIMIT 1")) {
            assertThat(rs.next())
                    .as(table + " exists and is visible to the role")
                    .isTrue();
            return rs.getString(1);
        }
    }
}
