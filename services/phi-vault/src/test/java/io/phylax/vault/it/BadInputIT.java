package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Bad input gets a 4xx that names the problem and never echoes what was sent. */
@QuarkusTest
class BadInputIT {

    private final VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");

    @Test
    void malformedJsonIsRefusedWithoutEcho() {
        String canary = canary();
        clinician
                .create("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + canary)
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:phylax:problem:invalid-resource"))
                .body("errors.field", hasItem("body"))
                .body(not(containsString(canary)));
    }

    @Test
    void unknownFieldIsNamed() {
        String canary = canary();
        clinician
                .create("{\"resourceType\":\"Patient\",\"nickname\":\"" + canary + "\"}")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem(containsString("nickname")))
                .body(not(containsString(canary)));
    }

    @Test
    void invalidValueIsNamedWithoutEcho() {
        String canary = canary();
        clinician
                .create("{\"resourceType\":\"Patient\",\"birthDate\":\"" + canary + "\"}")
                .then()
                .statusCode(400)
                .body(not(containsString(canary)));
    }

    @Test
    void wrongResourceTypeIsRefused() {
        clinician
                .create(SyntheticPatients.observation(canary()))
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("resourceType"));
        clinician
                .create("{\"resourceType\":\"Bundle\",\"type\":\"collection\"}")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("resourceType"));
    }

    @Test
    void oversizeBodyIsRefused() {
        String huge = patient(canary())
                .replace(
                        "\"gender\"",
                        "\"text\":{\"status\":\"generated\",\"div\":\"<div>" + "x".repeat(600 * 1024)
                                + "</div>\"},\"gender\"");
        clinician.create(huge).then().statusCode(413);
    }

    @Test
    void malformedIdIsNamed() {
        clinician
                .request()
                .get("/api/v1/patients/not-a-uuid")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("id"));
    }

    @Test
    void malformedIfMatchIsNamed() {
        clinician
                .update(UUID.randomUUID(), "version-one", patient(canary()))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("If-Match"));
    }

    @Test
    void unsupportedMediaTypeIsRefused() {
        clinician
                .request()
                .contentType("text/plain")
                .body("hello")
                .post("/api/v1/patients")
                .then()
                .statusCode(415);
    }

    @Test
    void unknownPurposeOfUseIsNamed() {
        clinician
                .request()
                .header("X-Purpose-Of-Use", "CURIOSITY")
                .body(patient(canary()))
                .post("/api/v1/patients")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("X-Purpose-Of-Use"));
    }

    @Test
    void errorsAreProblemJson() {
        clinician
                .read(UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType(startsWith("application/json"))
                .body("status", equalTo(404));
    }
}
