package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.testkit.DemoRealm.CLINIC_B;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.phylax.contract.AccessAction;
import io.phylax.contract.AccessEvent;
import io.phylax.contract.AccessOutcome;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Exact-match search through the blind index: finds, respects role views, never crosses tenants. */
@QuarkusTest
class BlindIndexSearchIT {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.4.1";

    private final VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");

    private static String mrn(String canary) {
        return MRN_SYSTEM + "|" + canary + "-MRN";
    }

    private static Response search(VaultClient as, String identifier, String correlationId) {
        return as.request()
                .contentType("application/json")
                .header("X-Correlation-Id", correlationId)
                .body(Map.of("identifier", identifier))
                .post("/api/v1/patients/_search");
    }

    private static Response search(VaultClient as, String identifier) {
        return search(as, identifier, UUID.randomUUID().toString());
    }

    @Test
    void findsAPatientByIdentifierInBodyAndQuery() {
        String canary = canary();
        UUID id = clinician.register(patient(canary));

        search(clinician, mrn(canary))
                .then()
                .statusCode(200)
                .body("resourceType", equalTo("Bundle"))
                .body("type", equalTo("searchset"))
                .body("total", equalTo(1))
                .body("entry[0].fullUrl", equalTo("/api/v1/patients/" + id))
                .body("entry[0].resource.name[0].family", equalTo(canary + "-Family"));
        clinician
                .request()
                .queryParam("identifier", mrn(canary))
                .get("/api/v1/patients")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("entry[0].resource.id", equalTo(id.toString()));
    }

    @Test
    void findsByEmailIgnoringCaseAndSpaces() {
        String canary = canary();
        UUID id = clinician.register(patient(canary));

        search(clinician, "email|  " + canary.toUpperCase() + "@EXAMPLE.org ")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("entry[0].resource.id", equalTo(id.toString()));
    }

    @Test
    void onlyExactMatchesAreFound() {
        String canary = canary();
        clinician.register(patient(canary));

        search(clinician, MRN_SYSTEM + "|" + canary).then().statusCode(200).body("total", equalTo(0));
        search(clinician, "urn:other|" + canary + "-MRN").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void anotherTenantsIdenticalIdentifierNeverMatches() {
        String canary = canary();
        UUID inA = clinician.register(patient(canary));
        UUID inB = VaultClient.as(CLINIC_B, "clinician").register(patient(canary));

        search(clinician, mrn(canary))
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("entry[0].resource.id", equalTo(inA.toString()));
        search(VaultClient.as(CLINIC_B, "clinician"), mrn(canary))
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("entry[0].resource.id", equalTo(inB.toString()));
    }

    @Test
    void resultsAreInTheCallersRoleView() {
        String canary = canary();
        clinician.register(patient(canary));

        search(VaultClient.as(CLINIC_A, "billing"), mrn(canary))
                .then()
                .statusCode(200)
                .body("entry[0].resource.identifier[0].value", equalTo(canary + "-MRN"))
                .body("entry[0].resource.telecom", nullValue());
        search(VaultClient.as(CLINIC_A, "scheduler"), "email|" + canary + "@example.org")
                .then()
                .statusCode(200)
                .body("entry[0].resource.telecom[0].value", equalTo(canary + "@example.org"))
                .body("entry[0].resource.identifier", nullValue());
    }

    @Test
    void aRoleCannotSearchByWhatItMayNotSee() {
        String canary = canary();
        clinician.register(patient(canary));

        // A scheduler does not see identifiers, billing does not see e-mail, support sees no values at all.
        search(VaultClient.as(CLINIC_A, "scheduler"), mrn(canary)).then().statusCode(403);
        search(VaultClient.as(CLINIC_A, "billing"), "email|" + canary + "@example.org")
                .then()
                .statusCode(403);
        search(VaultClient.as(CLINIC_A, "support"), mrn(canary)).then().statusCode(403);
        search(VaultClient.as(CLINIC_A, "tenant-admin"), mrn(canary)).then().statusCode(403);
    }

    @Test
    void anUpdateReplacesTheIndexTerms() {
        String canary = canary();
        UUID id = clinician.register(patient(canary));
        String changed = patient(canary).replace(canary + "-MRN", canary + "-MRN2");

        clinician.update(id, "W/\"1\"", changed).then().statusCode(200);

        search(clinician, mrn(canary)).then().statusCode(200).body("total", equalTo(0));
        search(clinician, MRN_SYSTEM + "|" + canary + "-MRN2")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("entry[0].resource.id", equalTo(id.toString()));
    }

    @Test
    void erasureRemovesTheSubjectFromTheIndex() throws Exception {
        String canary = canary();
        UUID id = clinician.register(patient(canary));
        assertThat(VaultDatabase.indexRows(id)).isEqualTo(2);

        VaultClient.as(CLINIC_A, "tenant-admin")
                .request()
                .queryParam("reason", "PATIENT_REQUEST")
                .delete("/api/v1/patients/" + id)
                .then()
                .statusCode(204);

        assertThat(VaultDatabase.indexRows(id)).isZero();
        search(clinician, mrn(canary)).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void everyHitIsASearchAccessEventAndAMissIsOneWithoutSubject() throws Exception {
        String canary = canary();
        UUID id = clinician.register(patient(canary));
        String hit = "search-hit-" + UUID.randomUUID();
        String miss = "search-miss-" + UUID.randomUUID();

        search(clinician, mrn(canary), hit).then().statusCode(200);
        search(clinician, MRN_SYSTEM + "|nobody-" + canary, miss).then().statusCode(200);

        List<AccessEvent> hits = VaultDatabase.accessEvents(hit);
        assertThat(hits).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AccessAction.SEARCH);
            assertThat(e.outcome()).isEqualTo(AccessOutcome.ALLOWED);
            assertThat(e.subjectId()).isEqualTo(id);
        });
        assertThat(VaultDatabase.accessEvents(miss)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AccessAction.SEARCH);
            assertThat(e.subjectId()).isNull();
        });
    }

    @Test
    void neitherTheValueNorItsHashIsStoredInClear() throws Exception {
        String canary = canary();
        clinician.register(patient(canary));
        search(clinician, mrn(canary)).then().statusCode(200);

        assertThat(VaultDatabase.tablesContaining(canary)).isEmpty();
    }

    @Test
    void badSearchesNameTheField() {
        search(clinician, "no-bar-here")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("identifier"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("no-bar-here")));
        search(clinician, "urn:x|").then().statusCode(400).body("errors[0].field", equalTo("identifier"));
        clinician
                .request()
                .get("/api/v1/patients")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("identifier"));
        clinician
                .request()
                .contentType("application/json")
                .body("{\"identifier\":7}")
                .post("/api/v1/patients/_search")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("identifier"));
        clinician
                .request()
                .contentType("application/json")
                .body("[1")
                .post("/api/v1/patients/_search")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("body"));
        clinician
                .request()
                .contentType("application/json")
                .body("{\"identifier\":\"urn:x|1\",\"family\":\"CANARY-PHI-SEARCH-EXTRA\"}")
                .post("/api/v1/patients/_search")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("body"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("family")))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("CANARY-PHI-SEARCH-EXTRA")));
    }
}
