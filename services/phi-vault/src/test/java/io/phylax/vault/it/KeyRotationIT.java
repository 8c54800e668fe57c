package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.phylax.testkit.Databases;
import io.phylax.testkit.Tokens;
import io.phylax.vault.application.fhir.FhirCodec;
import io.phylax.vault.application.port.in.PatientQueries;
import io.phylax.vault.application.port.in.RegisterPatientUseCase;
import io.phylax.vault.application.port.in.ResourceSnapshot;
import io.phylax.vault.application.service.BlindIndex;
import io.phylax.vault.application.service.DataKeys;
import io.phylax.vault.application.service.KeyRotation;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;

/** KEK rotation and rewrap: every subject stays readable, no key is left below the new minimum, and an
 * interrupted job finishes on restart without rewrapping any key twice. */
@QuarkusTest
class KeyRotationIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    Vertx vertx;

    @Inject
    RegisterPatientUseCase registrations;

    @Inject
    PatientQueries patients;

    @Inject
    FhirCodec fhir;

    @Inject
    DataKeys dataKeys;

    @Inject
    BlindIndex blindIndex;

    @Inject
    KeyRotation rotation;

    private static RequestSpecification operator() {
        return given().auth().oauth2(Tokens.forClient("phylax-operator")).contentType("application/json");
    }

    private static String keys(String tenant) {
        return "/api/v1/admin/keys/" + tenant;
    }

    private Map<UUID, String> register(String tenant, int count) throws Exception {
        Map<UUID, String> canaries = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String canary = canary();
            RegisterPatientUseCase.Registered registered = OnVertx.await(
                    vertx,
                    () -> registrations.register(new RegisterPatientUseCase.RegisterPatientCommand(
                            OnVertx.as(tenant, "clinician"), fhir.parse(patient(canary)), null)));
            canaries.put(registered.snapshot().id(), canary);
        }
        return canaries;
    }

    private Response waitForJob(String tenant) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        Response status = operator().get(keys(tenant));
        while (status.path("job.finishedAt") == null && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            status = operator().get(keys(tenant));
        }
        assertThat(status.path("job.finishedAt") != null)
                .as("rewrap job finished")
                .isTrue();
        return status;
    }

    /** Reads every subject from its stored (rewrapped) key, not from a cached one. */
    private void assertReadable(String tenant, Map<UUID, String> canaries) throws Exception {
        blindIndex.forget(tenant);
        for (Map.Entry<UUID, String> subject : canaries.entrySet()) {
            dataKeys.forget(subject.getKey());
            ResourceSnapshot read = OnVertx.await(
                    vertx,
                    () -> patients.fetch(
                            new PatientQueries.FetchPatientQuery(OnVertx.as(tenant, "clinician"), subject.getKey())));
            assertThat(read.json()).contains(subject.getValue() + "-Family");
            List<ResourceSnapshot> found = OnVertx.await(
                    vertx,
                    () -> patients.search(new PatientQueries.SearchPatientsQuery(
                            OnVertx.as(tenant, "clinician"),
                            "urn:oid:2.16.840.1.113883.4.1",
                            subject.getValue() + "-MRN")));
            assertThat(found).extracting(ResourceSnapshot::id).containsExactly(subject.getKey());
        }
    }

    @Test
    void rotationAndRewrapLeaveEverySubjectReadableAndNoKeyBelowTheNewMinimum() throws Exception {
        String tenant = OnVertx.freshTenant("rot");
        Map<UUID, String> canaries = register(tenant, 5);
        operator().get(keys(tenant)).then().statusCode(200).body("currentVersion", equalTo(1));

        operator().post(keys(tenant) + "/rotate").then().statusCode(200).body("currentVersion", equalTo(2));
        canaries.putAll(register(tenant, 1));
        assertThat(versionsOf(tenant)).as("a new data key uses the new version").containsEntry(2, 1L);

        operator()
                .body("{\"minVersion\":2}")
                .put(keys(tenant) + "/min-version")
                .then()
                .statusCode(409)
                .body("type", equalTo("urn:phylax:problem:keys-below-minimum"))
                .body("errors[0].field", equalTo("minVersion"));
        operator().get(keys(tenant)).then().body("minVersion", equalTo(1));

        operator().post(keys(tenant) + "/rewrap").then().statusCode(202);
        Response done = waitForJob(tenant);
        assertThat(done.<Integer>path("job.targetVersion")).isEqualTo(2);
        assertThat(done.<Integer>path("indexKeyVersion")).isEqualTo(2);
        assertThat(versionsOf(tenant)).containsExactly(Map.entry(2, 6L));

        operator()
                .body("{\"minVersion\":2}")
                .put(keys(tenant) + "/min-version")
                .then()
                .statusCode(200)
                .body("minVersion", equalTo(2))
                .body("belowMinimum", equalTo(0));
        assertReadable(tenant, canaries);
    }

    @Test
    void anInterruptedRewrapFinishesOnRestartWithoutRewrappingAnyKeyTwice() throws Exception {
        String tenant = OnVertx.freshTenant("rwc");
        Map<UUID, String> canaries = register(tenant, 7);
        operator().post(keys(tenant) + "/rotate").then().statusCode(200);

        assertThatThrownBy(() -> rotation.rewrapNow(tenant, 3)).isInstanceOf(KeyRotation.SimulatedCrash.class);
        assertThat(versionsOf(tenant)).containsEntry(1, 4L).containsEntry(2, 3L);
        operator().get(keys(tenant)).then().body("job.finishedAt", equalTo(null));

        operator().post(keys(tenant) + "/rewrap").then().statusCode(202);
        Response done = waitForJob(tenant);

        assertThat(versionsOf(tenant)).containsExactly(Map.entry(2, 7L));
        assertThat(rewrapsPerSubject(tenant))
                .hasSize(7)
                .allSatisfy((subject, rewraps) ->
                        assertThat(rewraps).as("rewraps of " + subject).isEqualTo(1));
        assertThat(done.<Integer>path("job.rewrapped")).isEqualTo(7);
        assertReadable(tenant, canaries);
    }

    @Test
    void aSecondRunOnTheSameTenantWaitsForTheFirst() throws Exception {
        String tenant = OnVertx.freshTenant("rwl");
        register(tenant, 1);
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement lock = db.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
            // Another replica holds the job.
            lock.setString(1, "phylax-vault-job:rewrap:" + tenant);
            lock.execute();
            assertThat(rotation.rewrapNow(tenant, Long.MAX_VALUE)).isFalse();
            // Release explicitly: a closed connection's backend may still hold the lock for a moment.
            try (PreparedStatement unlock = db.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                unlock.setString(1, "phylax-vault-job:rewrap:" + tenant);
                unlock.execute();
            }
        }
        assertThat(rotation.rewrapNow(tenant, Long.MAX_VALUE)).isTrue();
    }

    @Test
    void onlyOperatorsManageKeys() {
        VaultClient.as(CLINIC_A, "tenant-admin")
                .request()
                .get(keys(CLINIC_A))
                .then()
                .statusCode(403);
        VaultClient.as(CLINIC_A, "clinician")
                .request()
                .post(keys(CLINIC_A) + "/rotate")
                .then()
                .statusCode(403);
        given().get(keys(CLINIC_A)).then().statusCode(401);
    }

    @Test
    void badOperatorRequestsNameTheField() {
        operator().get(keys("Not_A_Tenant")).then().statusCode(400).body("errors[0].field", equalTo("tenant"));
        operator()
                .body("{\"minVersion\":\"two\"}")
                .put(keys(CLINIC_A) + "/min-version")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("minVersion"));
        operator()
                .body("{\"minVersion\":99999}")
                .put(keys(CLINIC_A) + "/min-version")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("minVersion"));
    }

    private static Map<Integer, Long> versionsOf(String tenant) throws SQLException {
        Map<Integer, Long> versions = new HashMap<>();
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement(
                        "SELECT kek_version, count(*) FROM data_key WHERE tenant = ? GROUP BY kek_version")) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return versions;
    }

    private static Map<UUID, Integer> rewrapsPerSubject(String tenant) throws SQLException {
        Map<UUID, Integer> rewraps = new HashMap<>();
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st =
                        db.prepareStatement("SELECT subject_id, rewraps FROM data_key WHERE tenant = ?")) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rewraps.put(rs.getObject(1, UUID.class), rs.getInt(2));
                }
            }
        }
        return rewraps;
    }
}
