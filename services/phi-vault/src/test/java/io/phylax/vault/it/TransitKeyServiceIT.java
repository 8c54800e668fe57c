package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The vault on Vault Transit: keys wrapped over real HTTP, fail closed when the key service is down. */
@QuarkusTest
@TestProfile(TransitKeysProfile.class)
class TransitKeyServiceIT {

    private static final String TENANT_KEY = "phylax-" + CLINIC_A;

    private final VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");

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
        TransitStandInResource.standIn.answerWith(503);

        clinician
                .create(patient(canary()))
                .then()
                .statusCode(503)
                .header("Retry-After", "5")
                .body("type", equalTo("urn:phylax:problem:key-service-unavailable"));

        assertThat(VaultDatabase.subjectCount(CLINIC_A)).isEqualTo(subjects);
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
}
