package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.phylax.testkit.Databases;
import io.phylax.testkit.Tokens;
import io.phylax.vault.application.fhir.FhirCodec;
import io.phylax.vault.application.port.in.PatientQueries;
import io.phylax.vault.application.port.in.RegisterPatientUseCase;
import io.phylax.vault.application.service.DataKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The vault on Vault Transit: keys wrapped over real HTTP, fail closed when the key service is down. */
@QuarkusTest
@TestProfile(TransitKeysProfile.class)
class TransitKeyServiceIT {

    private static final String TENANT_KEY = "phylax-" + CLINIC_A;

    private final VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");

    @Inject
    io.vertx.core.Vertx vertx;

    @Inject
    RegisterPatientUseCase registrations;

    @Inject
    PatientQueries patients;

    @Inject
    FhirCodec fhir;

    @Inject
    DataKeys dataKeys;

    @Inject
    MeterRegistry metrics;

    @AfterEach
    void keyServiceBack() {
        TransitStandInResource.standIn.answerNormally();
    }

    @Test
    void dataKeysAreWrappedByTheTenantsTransitKey() {
        long before = TransitStandInResource.standIn.requestCount("encrypt", TENANT_KEY);

        UUID id = clinician.register(patient(canary()));

        assertThat(TransitStandInResource.standIn.requestCount("encrypt", TENANT_KEY))
                .isEqualTo(before + 1);
        clinician.read(id).then().statusCode(200);
    }

    @Test
    void keyServiceDownRefusesTheWriteAndWritesNothing() throws Exception {
        long subjects = VaultDatabase.subjectCount(CLINIC_A);
        double errors = wrapErrors();
        TransitStandInResource.standIn.answerWith(503);

        clinician
                .create(patient(canary()))
                .then()
                .statusCode(503)
                .header("Retry-After", "5")
                .body("type", equalTo("urn:phylax:problem:key-service-unavailable"));

        assertThat(VaultDatabase.subjectCount(CLINIC_A)).isEqualTo(subjects);
        assertThat(wrapErrors()).as("the alert's counter").isEqualTo(errors + 1);
    }

    private double wrapErrors() {
        return metrics.counter("phylax_vault_key_service_errors", "operation", "wrap")
                .count();
    }

    @Test
    void readsUseCachedKeysWithoutCallingTheKeyService() {
        UUID id = clinician.register(patient(canary()));
        long decrypts = TransitStandInResource.standIn.requestCount("decrypt", TENANT_KEY);
        TransitStandInResource.standIn.answerWith(503);

        for (int i = 0; i < 5; i++) {
            clinician.read(id).then().statusCode(200);
        }

        assertThat(TransitStandInResource.standIn.requestCount("decrypt", TENANT_KEY))
                .isEqualTo(decrypts);
    }

    @Test
    void rotationAndRewrapWorkOnTransitToo() throws Exception {
        String tenant = OnVertx.freshTenant("trot");
        List<UUID> subjects = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            subjects.add(OnVertx.await(
                            vertx,
                            () -> registrations.register(new RegisterPatientUseCase.RegisterPatientCommand(
                                    OnVertx.as(tenant, "clinician"), fhir.parse(patient(canary())), null)))
                    .snapshot()
                    .id());
        }
        String operator = Tokens.forClient("phylax-operator");
        io.restassured.RestAssured.given()
                .auth()
                .oauth2(operator)
                .post("/api/v1/admin/keys/" + tenant + "/rotate")
                .then()
                .statusCode(200)
                .body("provider", equalTo("vault-transit"))
                .body("currentVersion", equalTo(2));
        io.restassured.RestAssured.given()
                .auth()
                .oauth2(operator)
                .post("/api/v1/admin/keys/" + tenant + "/rewrap")
                .then()
                .statusCode(202);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (keysBelow(tenant, 2) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }

        assertThat(keysBelow(tenant, 2)).isZero();
        for (UUID subject : subjects) {
            dataKeys.forget(subject);
            assertThat(OnVertx.await(
                                    vertx,
                                    () -> patients.fetch(new PatientQueries.FetchPatientQuery(
                                            OnVertx.as(tenant, "clinician"), subject)))
                            .json())
                    .contains("-Family");
        }
    }

    private static long keysBelow(String tenant, int version) throws Exception {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st =
                        db.prepareStatement("SELECT count(*) FROM data_key WHERE tenant = ? AND kek_version < ?")) {
            st.setString(1, tenant);
            st.setInt(2, version);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
