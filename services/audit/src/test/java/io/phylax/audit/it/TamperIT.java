package io.phylax.audit.it;

import static io.phylax.audit.it.Eventually.await;
import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.phylax.audit.verify.Json;
import io.phylax.audit.verify.WireFormat;
import io.phylax.contract.AccessEvent;
import io.phylax.testkit.Databases;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * History cannot be changed quietly: the service's role has no UPDATE or DELETE, the owner must first disable the
 * append-only triggers, and an edit or deletion made that way is named by {@code POST /verify}. Each test puts the
 * row back as it was, so the log verifies again afterwards.
 */
@QuarkusTest
class TamperIT {

    private static final List<String> TABLES = List.of("audit_entry", "merkle_node", "tree_head");

    @Test
    void theServiceRoleCannotUpdateDeleteOrTruncateTheLog() {
        for (String table : TABLES) {
            assertThat(AuditDatabase.serviceRoleMay("SELECT count(*) FROM " + table))
                    .isTrue();
            assertThat(AuditDatabase.serviceRoleMay(
                            "UPDATE " + table + " SET " + aColumnOf(table) + " = " + aColumnOf(table) + " WHERE false"))
                    .as("UPDATE " + table)
                    .isFalse();
            assertThat(AuditDatabase.serviceRoleMay("DELETE FROM " + table + " WHERE false"))
                    .as("DELETE " + table)
                    .isFalse();
            assertThat(AuditDatabase.serviceRoleMay("TRUNCATE " + table))
                    .as("TRUNCATE " + table)
                    .isFalse();
        }
    }

    @Test
    void evenTheOwnerCannotChangeAnEntryWhileTheTriggersStand() {
        long seq = storedEntry(VaultTopics.aReadNow().build());

        assertThatThrownBy(() -> owner("UPDATE audit_entry SET outcome = 'DENIED' WHERE seq = " + seq))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> owner("DELETE FROM audit_entry WHERE seq = " + seq))
                .hasMessageContaining("append-only");
    }

    @Test
    void anEntryEditedInTheDatabaseIsNamedByVerify() throws SQLException {
        AccessEvent event = VaultTopics.aReadNow().build();
        long seq = storedEntry(event);
        assertThat(verify().getBoolean("consistent"))
                .as("the log before tampering")
                .isTrue();

        try {
            asOwnerWithoutTriggers("UPDATE audit_entry SET outcome = 'DENIED' WHERE seq = " + seq);
            JsonPath verdict = verify();

            assertThat(verdict.getBoolean("consistent")).isFalse();
            assertThat(verdict.getLong("firstBrokenEntry")).isEqualTo(seq);
            assertThat(verdict.getString("problem")).isEqualTo("ENTRY_ALTERED");
        } finally {
            asOwnerWithoutTriggers("UPDATE audit_entry SET outcome = 'ALLOWED' WHERE seq = " + seq);
        }
        assertThat(verify().getBoolean("consistent"))
                .as("the log once repaired")
                .isTrue();
    }

    @Test
    void anEntryDeletedFromTheDatabaseIsNamedByVerify() throws SQLException {
        AccessEvent event = VaultTopics.aReadNow().build();
        long seq = storedEntry(event);
        // A later entry, and a signed head over both: the deleted row is inside the log, not at its end.
        long after = storedEntry(VaultTopics.aReadNow().build());
        await("a signed tree head covering entry " + after, () -> {
            long size = WireFormat.number(
                    Json.parseObject(AuditApi.asAuditor(CLINIC_A)
                            .get("/api/v1/audit/tree-head")
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString()),
                    "treeSize");
            return size > after ? Optional.of(size) : Optional.empty();
        });
        Map<String, Object> saved = AuditDatabase.entryOf(event.eventId()).orElseThrow();

        try {
            asOwnerWithoutTriggers("DELETE FROM audit_entry WHERE seq = " + seq);
            JsonPath verdict = verify();

            assertThat(verdict.getBoolean("consistent")).isFalse();
            assertThat(verdict.getLong("firstBrokenEntry")).isEqualTo(seq);
            assertThat(verdict.getString("problem")).isEqualTo("ENTRY_MISSING");
        } finally {
            restore(saved);
        }
        assertThat(verify().getBoolean("consistent"))
                .as("the log once repaired")
                .isTrue();
    }

    private static JsonPath verify() {
        return AuditApi.asAuditor(CLINIC_A)
                .post("/api/v1/audit/verify")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static long storedEntry(AccessEvent event) {
        VaultTopics.publish(event);
        await("the event stored", () -> AuditDatabase.entryOf(event.eventId()));
        return AuditDatabase.seqOf(event.eventId());
    }

    private static void owner(String sql) throws SQLException {
        try (Connection db = Databases.connectAsOwner("audit");
                Statement st = db.createStatement()) {
            st.execute(sql);
        }
    }

    /** What a determined owner would do: switch the append-only trigger off, change history, switch it on. */
    private static void asOwnerWithoutTriggers(String sql) throws SQLException {
        try (Connection db = Databases.connectAsOwner("audit");
                Statement st = db.createStatement()) {
            db.setAutoCommit(false);
            st.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only");
            int changed = st.executeUpdate(sql);
            st.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only");
            db.commit();
            assertThat(changed).as(sql).isEqualTo(1);
        }
    }

    /** Puts a deleted row back exactly as it was. */
    private static void restore(Map<String, Object> row) throws SQLException {
        String columns = String.join(", ", row.keySet());
        String params = row.keySet().stream().map(c -> "?").collect(Collectors.joining(", "));
        try (Connection db = Databases.connectAsOwner("audit");
                PreparedStatement st =
                        db.prepareStatement("INSERT INTO audit_entry (" + columns + ") VALUES (" + params + ")")) {
            int i = 1;
            for (Object value : row.values()) {
                st.setObject(i++, value);
            }
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    private static String aColumnOf(String table) {
        return switch (table) {
            case "audit_entry" -> "outcome";
            case "merkle_node" -> "hash";
            default -> "signature";
        };
    }
}
