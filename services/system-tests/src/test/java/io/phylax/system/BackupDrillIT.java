package io.phylax.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.testkit.Databases;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.LocalStack;

/**
 * The backup and restore drill (ADR 0070): a populated stack is backed up with the project's own script,
 * restored into fresh databases, and the vault and audit service run a second time on the restored copy.
 * It proves the checksums, that projections replay from the restored event store, that the restored audit
 * chain verifies, and that a crypto-shredded subject stays unreadable whichever backup its keys come from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupDrillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DRILL = "_drill";
    private static final String MIXED = "_drill_mixed";
    private static final String OLD = "_drill_old";
    private static final String TAMPERED = "_drill_tampered";

    private final ClinicApi clinician = ClinicApi.as("clinic-a", "clinician");
    private final ClinicApi admin = ClinicApi.as("clinic-a", "tenant-admin");
    private final ClinicApi auditor = ClinicApi.as("clinic-a", "auditor");
    private final String canary = SyntheticPhi.canary();

    private Path sets;
    private Path beforeErasure;
    private Path afterErasure;
    private UUID kept;
    private UUID updated;
    private UUID record;
    private UUID erased;

    @BeforeAll
    void populateAndBackUp() throws IOException {
        StackScript.run("restore-drop", DRILL);
        sets = Files.createDirectories(LocalStack.get().stateDir().resolve("backups"))
                .resolve("drill-" + UUID.randomUUID());
        kept = clinician.register(SyntheticPhi.patient(canary));
        record = clinician.addRecord(kept, SyntheticPhi.communication(canary));
        updated = clinician.register(SyntheticPhi.patient(canary));
        HttpResponse<String> current = clinician.get(ClinicApi.vault(), "/api/v1/patients/" + updated);
        HttpResponse<String> update = clinician.update(
                updated,
                current.headers().firstValue("ETag").orElseThrow(),
                SyntheticPhi.patient(canary).replace("-Family", "-Renamed"));
        assertThat(update.statusCode()).as("updating the second patient").isEqualTo(200);
        erased = clinician.register(SyntheticPhi.patient(canary));

        beforeErasure = Path.of(
                StackScript.ok("backup", sets.resolve("before").toString()).lastLine());
        assertThat(admin.erase(erased, "PATIENT_REQUEST").statusCode())
                .as("erasing the third patient")
                .isEqualTo(204);
        // The audit copy in the backup should hold the erasure too: wait until the audit log stored it.
        Eventually.within(
                Duration.ofSeconds(60),
                "the erasure in the audit log",
                () -> Optional.of(auditor.get(
                                LocalStack.get().env("PHYLAX_AUDIT_URL"),
                                "/api/v1/audit/events?subject=" + erased + "&action=SubjectErased"))
                        .filter(r -> r.statusCode() == 200 && r.body().contains("SubjectErased")));
        afterErasure = Path.of(
                StackScript.ok("backup", sets.resolve("after").toString()).lastLine());
    }

    @AfterAll
    void dropRestoredCopies() throws IOException {
        StackScript.run("drill-down");
        for (String suffix : new String[] {DRILL, MIXED, OLD, TAMPERED}) {
            StackScript.run("restore-drop", suffix);
        }
        if (sets != null && Files.exists(sets)) {
            try (Stream<Path> files = Files.walk(sets)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void backupHoldsOnlyCiphertextAndKeepsKeyTablesApart() throws IOException {
        assertThat(afterErasure.resolve("phi-vault.keys.dump.age")).exists();
        assertThat(Files.readString(afterErasure.resolve("manifest.tsv")))
                .contains("phi-vault.keys.dump.age\tphi_vault\tkey-tables\tkey-material")
                .contains("phi-vault.dump.age\tphi_vault\tdatabase\tevent-store");
        try (Stream<Path> files = Files.list(afterErasure)) {
            files.filter(f -> f.toString().endsWith(".age")).forEach(file -> {
                try {
                    assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                            .as("%s is age-encrypted and holds no canary", file.getFileName())
                            .startsWith("age-encryption.org/v1")
                            .doesNotContain(SyntheticPhi.CANARY_PREFIX);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    @Order(2)
    void damagedBackupIsRefusedBeforeAnythingIsRestored() throws IOException, SQLException {
        Path damaged = sets.resolve("damaged");
        Files.createDirectories(damaged);
        try (Stream<Path> files = Files.list(afterErasure)) {
            for (Path file : files.toList()) {
                Files.copy(file, damaged.resolve(file.getFileName()));
            }
        }
        byte[] bytes = Files.readAllBytes(damaged.resolve("audit.dump.age"));
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(damaged.resolve("audit.dump.age"), bytes);

        StackScript.Result result = StackScript.run("restore", damaged.toString(), TAMPERED);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("checksum mismatch");
        assertThat(databaseExists("phi_vault" + TAMPERED)).isFalse();
        assertThat(databaseExists("audit" + TAMPERED)).isFalse();
    }

    @Test
    @Order(3)
    void restoredStackReplaysProjectionsAndVerifiesItsAuditChain() throws Exception {
        StackScript.ok("restore", afterErasure.toString(), DRILL);
        StackScript.ok("drill-up", DRILL);
        String vault = "http://127.0.0.1:" + env("PHYLAX_DRILL_VAULT_PORT", "18181");
        String audit = "http://127.0.0.1:" + env("PHYLAX_DRILL_AUDIT_PORT", "18182");

        for (UUID patient : new UUID[] {kept, updated}) {
            HttpResponse<String> read = clinician.get(vault, "/api/v1/patients/" + patient);
            assertThat(read.statusCode()).as("reading a restored patient").isEqualTo(200);
            HttpResponse<String> history = clinician.get(vault, "/api/v1/patients/" + patient + "/history");
            assertThat(history.statusCode())
                    .as("reading a restored patient's history")
                    .isEqualTo(200);
            JsonNode versions = JSON.readTree(history.body());
            JsonNode replayed = versions.get(versions.size() - 1).get("resource");
            JsonNode projected = JSON.readTree(read.body());
            // The projection and the newest event of the stream, both decrypted from the restored copy, agree.
            assertThat(replayed.get("name").equals(projected.get("name")))
                    .as("the projection of %s equals the replay of its events", patient)
                    .isTrue();
        }
        JsonNode renamed = JSON.readTree(
                clinician.get(vault, "/api/v1/patients/" + updated).body());
        assertThat(renamed.at("/name/0/family").asText().endsWith("-Renamed"))
                .as("the update made before the backup is in the restored projection")
                .isTrue();
        assertThat(clinician.get(vault, "/api/v1/patients/" + kept + "/records").statusCode())
                .isEqualTo(200);
        assertThat(clinician.get(vault, "/api/v1/patients/" + erased).statusCode())
                .as("an erased subject stays erased after a restore")
                .isEqualTo(410);

        HttpResponse<String> verification = auditor.postEmpty(audit, "/api/v1/audit/verify");
        assertThat(verification.statusCode()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(verification.body());
        assertThat(outcome.get("consistent").asBoolean())
                .as("restored audit chain: %s", outcome.get("problem"))
                .isTrue();
        assertThat(outcome.get("entriesChecked").asLong()).isPositive();
        assertThat(auditor.get(audit, "/api/v1/audit/events?subject=" + kept + "&action=RecordAdded")
                        .body())
                .as("the restored audit log holds the record filed before the backup")
                .contains(record.toString());
        assertThat(auditor.get(audit, "/api/v1/audit/events?subject=" + erased + "&action=SubjectErased")
                        .body())
                .contains("SubjectErased");
        assertThat(eventCount("phi_vault" + DRILL, kept)).isEqualTo(eventCount("phi_vault", kept));
        StackScript.ok("drill-down");
    }

    @Test
    @Order(4)
    void keysOlderThanAnErasureAreDestroyedAgainOnRestore() throws SQLException {
        // Event store from after the erasure, key tables from before it: the erased subject's key comes back
        // from the older key backup, and the restore must destroy it again.
        assertThat(hasDataKey("phi_vault", erased)).isFalse();
        StackScript.Result restore =
                StackScript.ok("restore", afterErasure.toString(), MIXED, beforeErasure.toString());
        assertThat(restore.output()).contains("1 resurrected data key(s) destroyed again");
        assertThat(hasDataKey("phi_vault" + MIXED, erased)).isFalse();
        assertThat(hasDataKey("phi_vault" + MIXED, kept)).isTrue();
    }

    @Test
    @Order(5)
    void eventStoreOlderThanAnErasureHoldsOnlyUnreadableCiphertext() throws SQLException {
        // The old event store still holds the subject's ciphertext; the key tables, younger than the erasure,
        // do not hold its key: nothing can decrypt it.
        StackScript.ok("restore", beforeErasure.toString(), OLD, afterErasure.toString());
        assertThat(eventCount("phi_vault" + OLD, erased)).isPositive();
        assertThat(hasDataKey("phi_vault" + OLD, erased)).isFalse();
        assertThat(hasDataKey("phi_vault" + OLD, kept)).isTrue();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static boolean databaseExists(String database) throws SQLException {
        try (Connection c = Databases.connect("phi-vault");
                PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            q.setString(1, database);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long eventCount(String database, UUID subject) throws SQLException {
        return count(database, "SELECT count(*) FROM vault_event WHERE subject_id = ?", subject);
    }

    private static boolean hasDataKey(String database, UUID subject) throws SQLException {
        return count(database, "SELECT count(*) FROM data_key WHERE subject_id = ?", subject) > 0;
    }

    private static long count(String database, String sql, UUID subject) throws SQLException {
        // As the owner: the runtime role sees no tenant's rows outside a transaction that names one (ADR 0024).
        try (Connection c = Databases.connectAsOwner("phi-vault", database);
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, subject);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
