package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.testkit.DemoRealm.CLINIC_B;
import static io.phylax.vault.it.SyntheticPatients.appointment;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.observation;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Clinical records filed under a patient: who may add, amend and see which kind. */
@QuarkusTest
class RecordApiIT {

    private final VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");

    @Test
    void clinicianAddsReadsAndAmendsARecord() {
        String canary = canary();
        UUID subject = clinician.register(patient(canary));

        Response added = clinician.addRecord(subject, observation(canary));
        added.then().statusCode(201).header("ETag", "W/\"1\"").body("subject.reference", equalTo("Patient/" + subject));
        UUID record = VaultClient.idFrom(added.header("Location"));

        clinician.readRecord(record).then().statusCode(200).body("code.text", equalTo(canary + "-heart-rate"));
        clinician
                .request()
                .header("If-Match", "W/\"1\"")
                .body(observation(canary).replace("72", "80"))
                .put("/api/v1/records/" + record)
                .then()
                .statusCode(200)
                .header("ETag", "W/\"2\"")
                .body("valueQuantity.value", equalTo(80));
        clinician.listRecords(subject).then().statusCode(200).body("total", equalTo(1));
    }

    @Test
    void schedulerSeesAndFilesAppointmentsOnly() {
        String canary = canary();
        UUID subject = clinician.register(patient(canary));
        clinician.addRecord(subject, observation(canary)).then().statusCode(201);
        VaultClient scheduler = VaultClient.as(CLINIC_A, "scheduler");

        scheduler.addRecord(subject, appointment(canary)).then().statusCode(201);
        scheduler.addRecord(subject, observation(canary)).then().statusCode(403);

        scheduler
                .listRecords(subject)
                .then()
                .statusCode(200)
                .body("entry.resource.resourceType", equalTo(List.of("Appointment")))
                .body(not(containsString("heart-rate")));
    }

    @Test
    void billingSeesNoRecords() {
        UUID subject = clinician.register(patient(canary()));

        VaultClient.as(CLINIC_A, "billing").listRecords(subject).then().statusCode(403);
    }

    @Test
    void supportSeesRecordsMasked() {
        String canary = canary();
        UUID subject = clinician.register(patient(canary));
        clinician.addRecord(subject, observation(canary)).then().statusCode(201);

        VaultClient.as(CLINIC_A, "support")
                .listRecords(subject)
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body(not(containsString(canary)));
    }

    @Test
    void anotherTenantCannotSeeOrFileRecords() {
        String canary = canary();
        UUID subject = clinician.register(patient(canary));
        UUID record = VaultClient.idFrom(
                clinician.addRecord(subject, observation(canary)).header("Location"));
        VaultClient otherClinic = VaultClient.as(CLINIC_B, "clinician");

        otherClinic.readRecord(record).then().statusCode(404);
        otherClinic.addRecord(subject, observation(canary())).then().statusCode(404);
    }

    @Test
    void recordNamingAnotherPatientIsRefused() {
        UUID subject = clinician.register(patient(canary()));
        String elsewhere = observation(canary())
                .replace(
                        "\"status\":\"final\"",
                        "\"status\":\"final\",\"subject\":{\"reference\":\"Patient/" + UUID.randomUUID() + "\"}");

        clinician.addRecord(subject, elsewhere).then().statusCode(400).body("errors[0].field", equalTo("subject"));
    }
}
