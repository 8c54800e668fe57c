package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.testkit.DemoRealm.CLINIC_B;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Crypto-shredding: erasure destroys the data key, so the ciphertext that stays can never be read again. */
@QuarkusTest
class ErasureIT {

    private final VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");
    private final VaultClient tenantAdmin = VaultClient.as(CLINIC_A, "tenant-admin");

    private Response erase(VaultClient as, UUID id, String reason) {
        return as.request().queryParam("reason", reason).delete("/api/v1/patients/" + id);
    }

    @Test
    void erasedSubjectIsGoneButItsCiphertextStays() throws Exception {
        String canary = canary();
        UUID id = clinician.register(patient(canary));
        UUID record = VaultClient.idFrom(
                clinician.addRecord(id, SyntheticPatients.observation(canary)).header("Location"));
        int rowsBefore = VaultDatabase.rowsOfSubject(id);

        erase(tenantAdmin, id, "PATIENT_REQUEST").then().statusCode(204);

        clinician.read(id).then().statusCode(410).body("type", equalTo("urn:phylax:problem:gone"));
        clinician.readRecord(record).then().statusCode(410);
        clinician.listRecords(id).then().statusCode(410);
        clinician.update(id, "W/\"2\"", patient(canary)).then().statusCode(410);
        VaultClient.as(CLINIC_B, "clinician").read(id).then().statusCode(404);
        assertThat(VaultDatabase.rowsOfSubject(id)).as("ciphertext rows kept").isGreaterThan(rowsBefore);
        assertThat(VaultDatabase.dataKeyExists(id)).isFalse();
        assertThat(VaultDatabase.tablesContaining(canary)).isEmpty();
    }

    @Test
    void historyKeepsTheTombstoneWithoutBodies() {
        String canary = canary();
        UUID id = clinician.register(patient(canary));
        erase(tenantAdmin, id, "LEGAL_ORDER").then().statusCode(204);

        clinician
                .history(id)
                .then()
                .statusCode(200)
                .body("event", hasItem("SubjectErased"))
                .body("[0].resource", equalTo(null));
    }

    @Test
    void restoringTheEventTablesWithoutTheDestroyedKeyReadsNothing() throws Exception {
        String canary = canary();
        UUID id = clinician.register(patient(canary));
        VaultDatabase.Snapshot before = VaultDatabase.snapshotState(id);

        erase(tenantAdmin, id, "PATIENT_REQUEST").then().statusCode(204);
        // An older backup of the event and projection tables comes back; the key table's shorter retention
        // means its copy of the key is gone.
        VaultDatabase.restoreState(before);

        Response read = clinician.read(id);
        assertThat(read.statusCode()).isEqualTo(410);
        assertThat(read.body().asString()).doesNotContain(canary);
    }

    @Test
    void onlyATenantAdminMayErase() {
        UUID id = clinician.register(patient(canary()));

        erase(clinician, id, "PATIENT_REQUEST").then().statusCode(403);
        clinician.read(id).then().statusCode(200);
    }

    @Test
    void anotherTenantCannotErase() {
        UUID id = clinician.register(patient(canary()));

        erase(VaultClient.as(CLINIC_B, "tenant-admin"), id, "PATIENT_REQUEST")
                .then()
                .statusCode(404);
        clinician.read(id).then().statusCode(200);
    }

    @Test
    void reasonIsRequiredAndMustBeACode() {
        UUID id = clinician.register(patient(canary()));

        erase(tenantAdmin, id, "because").then().statusCode(400).body("errors[0].field", equalTo("reason"));
        tenantAdmin.request().delete("/api/v1/patients/" + id).then().statusCode(400);
    }

    @Test
    void erasingTwiceAnswersGone() {
        UUID id = clinician.register(patient(canary()));
        erase(tenantAdmin, id, "DUPLICATE_RECORD").then().statusCode(204);

        erase(tenantAdmin, id, "DUPLICATE_RECORD").then().statusCode(410);
    }
}
