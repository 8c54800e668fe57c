package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.testkit.DemoRealm.CLINIC_B;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The clinic API for patients against the real stack (PostgreSQL, Keycloak, Kafka). */
@QuarkusTest
class PatientApiIT {

    private final VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");

    @Test
    void createReadUpdateAndHistory() {
        String canary = canary();
        Response created = clinician.create(patient(canary));
        created.then().statusCode(201).header("ETag", "W/\"1\"");
        UUID id = VaultClient.idFrom(created.header("Location"));

        clinician
                .read(id)
                .then()
                .statusCode(200)
                .header("ETag", "W/\"1\"")
                .body("id", equalTo(id.toString()))
                .body("name[0].family", equalTo(canary + "-Family"))
                .body("meta.versionId", equalTo("1"));

        String renamed = patient(canary).replace(canary + "-Family", canary + "-Renamed");
        clinician
                .update(id, "W/\"1\"", renamed)
                .then()
                .statusCode(200)
                .header("ETag", "W/\"2\"")
                .body("name[0].family", equalTo(canary + "-Renamed"));

        clinician
                .history(id)
                .then()
                .statusCode(200)
                .body("version", equalTo(List.of(1, 2)))
                .body("event", equalTo(List.of("PatientRegistered", "PatientUpdated")))
                .body("[1].resource.name[0].family", equalTo(canary + "-Renamed"));
    }

    @Test
    void staleIfMatchIsRefusedAndChangesNothing() {
        String canary = canary();
        UUID id = clinician.register(patient(canary));
        clinician
                .update(id, "W/\"1\"", patient(canary).replace("female", "male"))
                .then()
                .statusCode(200);

        clinician
                .update(id, "W/\"1\"", patient(canary).replace("female", "other"))
                .then()
                .statusCode(412)
                .body("type", equalTo("urn:phylax:problem:stale-version"));

        clinician.read(id).then().body("gender", equalTo("male")).header("ETag", "W/\"2\"");
    }

    @Test
    void updateWithoutIfMatchIsRefused() {
        UUID id = clinician.register(patient(canary()));

        clinician
                .request()
                .body(patient(canary()))
                .put("/api/v1/patients/" + id)
                .then()
                .statusCode(428);
    }

    @Test
    void anotherTenantsPatientLooksExactlyLikeAMissingOne() {
        UUID id = clinician.register(patient(canary()));
        VaultClient otherClinic = VaultClient.as(CLINIC_B, "clinician");

        Response foreign = otherClinic.read(id);
        Response missing = otherClinic.read(UUID.randomUUID());

        assertThat(foreign.statusCode()).isEqualTo(404).isEqualTo(missing.statusCode());
        assertThat(foreign.body().asString()).isEqualTo(missing.body().asString());
        assertThat(foreign.contentType()).isEqualTo(missing.contentType());
        // Nor can it be changed, amended or listed from there.
        otherClinic.update(id, "W/\"1\"", patient(canary())).then().statusCode(404);
        otherClinic.history(id).then().statusCode(404);
        otherClinic.listRecords(id).then().statusCode(404);
    }

    @Test
    void eachRoleSeesExactlyItsView() {
        String canary = canary();
        UUID id = clinician.register(patient(canary));

        clinician
                .read(id)
                .then()
                .statusCode(200)
                .body("identifier[0].value", equalTo(canary + "-MRN"))
                .body("telecom[0].value", equalTo(canary + "@example.org"));
        VaultClient.as(CLINIC_A, "scheduler")
                .read(id)
                .then()
                .statusCode(200)
                .body("name[0].family", equalTo(canary + "-Family"))
                .body("telecom[0].value", equalTo(canary + "@example.org"))
                .body("identifier", equalTo(null));
        VaultClient.as(CLINIC_A, "billing")
                .read(id)
                .then()
                .statusCode(200)
                .body("identifier[0].value", equalTo(canary + "-MRN"))
                .body("telecom", equalTo(null));
        VaultClient.as(CLINIC_A, "support")
                .read(id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("meta.security[0].code", equalTo("REDACTED"))
                .body(not(containsString(canary)));
        VaultClient.as(CLINIC_A, "auditor").read(id).then().statusCode(403).body(not(containsString(canary)));
        VaultClient.as(CLINIC_A, "tenant-admin").read(id).then().statusCode(403);
    }

    @Test
    void historyShowsNoBodiesToRolesThatCannotSeeThem() {
        String canary = canary();
        UUID id = clinician.register(patient(canary));

        VaultClient.as(CLINIC_A, "auditor")
                .history(id)
                .then()
                .statusCode(200)
                .body("version", equalTo(List.of(1)))
                .body("[0].resource", equalTo(null))
                .body(not(containsString(canary)));
    }

    @Test
    void schedulerChangesOnlyWhatItMaySeeAndKeepsTheRest() {
        String canary = canary();
        UUID id = clinician.register(patient(canary));
        VaultClient scheduler = VaultClient.as(CLINIC_A, "scheduler");
        String withoutIdentifier = patient(canary)
                .replace(
                        "\"identifier\":[{\"system\":\"urn:oid:2.16.840.1.113883.4.1\",\"value\":\"" + canary
                                + "-MRN\"}],",
                        "")
                .replace(canary + "-City", canary + "-NewCity");

        scheduler.update(id, "W/\"1\"", withoutIdentifier).then().statusCode(200);

        clinician
                .read(id)
                .then()
                .body("address[0].city", equalTo(canary + "-NewCity"))
                .body("identifier[0].value", equalTo(canary + "-MRN"));
        scheduler
                .update(id, "W/\"2\"", patient(canary))
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("identifier"))
                .body(not(containsString(canary)));
    }

    @Test
    void replayedIdempotencyKeyCreatesNothingNew() throws Exception {
        String canary = canary();
        String key = UUID.randomUUID().toString();
        long before = VaultDatabase.subjectCount(CLINIC_A);

        Response first = clinician
                .request()
                .header("Idempotency-Key", key)
                .body(patient(canary))
                .post("/api/v1/patients");
        Response again = clinician
                .request()
                .header("Idempotency-Key", key)
                .body(patient(canary))
                .post("/api/v1/patients");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(VaultDatabase.subjectCount(CLINIC_A)).isEqualTo(before + 1);

        clinician
                .request()
                .header("Idempotency-Key", key)
                .body(patient(canary()))
                .post("/api/v1/patients")
                .then()
                .statusCode(422)
                .body("type", equalTo("urn:phylax:problem:idempotency-key-reused"));
    }

    @Test
    void storedRowsHoldNoPlaintext() throws Exception {
        String canary = canary();
        UUID id = clinician.register(patient(canary));
        clinician
                .update(id, "W/\"1\"", patient(canary).replace("female", "male"))
                .then()
                .statusCode(200);
        clinician.addRecord(id, SyntheticPatients.observation(canary)).then().statusCode(201);

        assertThat(VaultDatabase.rowsOfSubject(id)).isGreaterThanOrEqualTo(5);
        assertThat(VaultDatabase.tablesContaining(canary)).isEmpty();
    }

    @Test
    void flippedByteInStoredCiphertextIsDetectedAndNothingIsServed() throws Exception {
        String canary = canary();
        UUID id = clinician.register(patient(canary));
        VaultDatabase.flipAByteOfState(id);

        Response response = clinician.read(id);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body().asString()).contains("integrity-failure").doesNotContain(canary);
        assertThat(response.contentType()).startsWith("application/json");
    }

    @Test
    void eventStoreIsInsertOnlyForTheServiceRole() {
        assertThat(VaultDatabase.serviceRoleMayRewriteEvents()).isFalse();
        assertThat(VaultDatabase.serviceRoleMayDeleteEvents()).isFalse();
    }
}
