package io.phylax.vault.it;

import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.observation;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.phylax.testkit.Databases;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.Tokens;
import io.phylax.vault.application.fhir.FhirCodec;
import io.phylax.vault.application.port.in.AccessDeniedException;
import io.phylax.vault.application.port.in.AddRecordUseCase;
import io.phylax.vault.application.port.in.EraseSubjectUseCase;
import io.phylax.vault.application.port.in.TenantClosureUseCase.ClosureReport;
import io.phylax.vault.application.port.out.TenantClosurePort;
import io.phylax.vault.application.service.Retention;
import io.phylax.vault.application.service.TenantClosure;
import io.phylax.vault.domain.ErasureReason;
import io.phylax.vault.domain.SubjectErasedException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;

/**
 * Tenant account closure (ADR 19) on fresh tenants: every subject erased as retention does, the tenant's keys
 * destroyed, an exact report, and a closure killed half-way that finishes later without erasing any subject
 * twice. Never run against the seeded tenants: closing one is irreversible.
 */
@QuarkusTest
class TenantClosureIT {

    @Inject
    Vertx vertx;

    @Inject
    TestSubjects subjects;

    @Inject
    AddRecordUseCase additions;

    @Inject
    EraseSubjectUseCase erasures;

    @Inject
    FhirCodec fhir;

    @Inject
    TenantClosure closure;

    @Inject
    TenantClosurePort closures;

    @Test
    void closureErasesEveryLiveSubjectDestroysTheTenantsKeysAndReportsExactly() throws Exception {
        String tenant = OnVertx.freshTenant("close");
        List<UUID> ids = register(tenant, 3);
        addObservation(tenant, ids.getFirst());
        UUID erasedBefore = register(tenant, 1).getFirst();
        OnVertx.await(
                vertx,
                () -> erasures.erase(new EraseSubjectUseCase.EraseSubjectCommand(
                        OnVertx.as(tenant, "tenant-admin"), erasedBefore, ErasureReason.PATIENT_REQUEST)));
        String other = OnVertx.freshTenant("open");
        UUID untouched = register(other, 1).getFirst();
        double erasedMetric = jobMetric("phylax_vault_job_subjects_erased_total", "closure", tenant);

        closures.start(tenant, "test-operator");
        assertThat(closure.closeNow(tenant, Long.MAX_VALUE)).isTrue();

        ClosureReport report = closure.report(tenant).orElseThrow();
        assertThat(report.finishedAt()).isNotNull();
        assertThat(report.subjectsErased()).isEqualTo(3);
        assertThat(report.dataKeysDestroyed()).isEqualTo(3);
        assertThat(report.indexKeysDestroyed()).isEqualTo(1);
        assertThat(keyRows(tenant)).isZero();
        assertThat(keyRows(other)).isEqualTo(2);
        for (UUID subject : ids) {
            assertThatThrownBy(() -> subjects.read(tenant, subject)).cause().isInstanceOf(SubjectErasedException.class);
        }
        assertThat(subjects.read(other, untouched)).isNotNull();
        assertThat(jobMetric("phylax_vault_job_subjects_erased_total", "closure", tenant))
                .isEqualTo(erasedMetric + 3);
        assertThat(jobMetric("phylax_vault_job_running", "closure", tenant)).isZero();
        // A closed tenant registers nothing any more.
        assertThatThrownBy(() -> register(tenant, 1))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aClosureKilledHalfWayFinishesLaterWithoutErasingAnySubjectTwice() throws Exception {
        String tenant = OnVertx.freshTenant("clcr");
        List<UUID> ids = register(tenant, 5);
        closures.start(tenant, "test-operator");

        assertThatThrownBy(() -> closure.closeNow(tenant, 2)).isInstanceOf(Retention.SimulatedCrash.class);
        assertThat(VaultDatabase.subjectErasedEvents(tenant)).hasSize(2);
        assertThat(closure.report(tenant).orElseThrow().finishedAt()).isNull();

        assertThat(closure.closeNow(tenant, Long.MAX_VALUE)).isTrue();
        assertThat(VaultDatabase.subjectErasedEvents(tenant))
                .containsOnlyKeys(ids)
                .allSatisfy((subject, count) -> assertThat(count)
                        .as("SubjectErased events of " + subject)
                        .isEqualTo(1));
        ClosureReport report = closure.report(tenant).orElseThrow();
        assertThat(report.subjectsErased()).isEqualTo(5);
        assertThat(report.dataKeysDestroyed()).isEqualTo(5);
        // Finished is finished: running it again changes nothing.
        assertThat(closure.closeNow(tenant, Long.MAX_VALUE)).isTrue();
        assertThat(closure.report(tenant).orElseThrow()).isEqualTo(report);
    }

    @Test
    void oneClosurePerTenantRunsInTheCluster() throws Exception {
        String tenant = OnVertx.freshTenant("cllk");
        register(tenant, 1);
        closures.start(tenant, "test-operator");
        String job = "phylax-vault-job:closure:" + tenant;
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement lock = db.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
            // Another replica holds the closure.
            lock.setString(1, job);
            lock.execute();
            assertThat(closure.closeNow(tenant, Long.MAX_VALUE)).isFalse();
            try (PreparedStatement unlock = db.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                unlock.setString(1, job);
                unlock.execute();
            }
        }
        assertThat(closure.closeNow(tenant, Long.MAX_VALUE)).isTrue();
    }

    @Test
    void operatorsCloseATenantThroughTheApiAndReadTheReport() throws Exception {
        String tenant = OnVertx.freshTenant("clapi");
        register(tenant, 2);
        String operator = Tokens.forClient("phylax-operator");
        String path = "/api/v1/admin/tenants/" + tenant + "/closure";

        assertThat(given().auth()
                        .oauth2(Tokens.forUser("clinic-a-tenant-admin"))
                        .post(path)
                        .statusCode())
                .as("a tenant-admin may not close a tenant")
                .isEqualTo(403);
        assertThat(given().auth().oauth2(operator).get(path).statusCode()).isEqualTo(404);
        assertThat(given().auth()
                        .oauth2(operator)
                        .post("/api/v1/admin/tenants/Not_A_Tenant/closure")
                        .statusCode())
                .isEqualTo(400);

        given().auth().oauth2(operator).post(path).then().statusCode(202);

        Response report = Eventually.within(Duration.ofSeconds(30), "closure of " + tenant + " finished", () -> {
            Response now = given().auth().oauth2(operator).get(path);
            return now.jsonPath().getString("finishedAt") == null ? Optional.empty() : Optional.of(now);
        });
        assertThat(report.jsonPath().getLong("subjectsErased")).isEqualTo(2);
        assertThat(report.jsonPath().getLong("dataKeysDestroyed")).isEqualTo(2);
        assertThat(report.jsonPath().getString("requestedBy")).isEqualTo("phylax-operator");
    }

    private List<UUID> register(String tenant, int count) throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(subjects.register(tenant, canary()));
        }
        return ids;
    }

    private void addObservation(String tenant, UUID subject) throws Exception {
        OnVertx.await(
                vertx,
                () -> additions.add(new AddRecordUseCase.AddRecordCommand(
                        OnVertx.as(tenant, "clinician"), subject, fhir.parse(observation(canary())))));
    }

    /** Data keys and blind-index keys of the tenant still in the database. */
    private static long keyRows(String tenant) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("SELECT (SELECT count(*) FROM data_key WHERE tenant = ?)"
                        + " + (SELECT count(*) FROM blind_index_key WHERE tenant = ?)")) {
            st.setString(1, tenant);
            st.setString(2, tenant);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A job metric's value for one job and tenant (0 when it has no sample yet). */
    private static double jobMetric(String name, String job, String tenant) {
        String labels = "{job=\"" + job + "\",tenant=\"" + tenant + "\"}";
        return given().get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith(name + labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }
}
