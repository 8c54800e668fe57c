package io.phylax.vault.it;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Tokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The clinic API as a seeded user of the demo realm calls it. */
final class VaultClient {

    static final String FHIR_JSON = "application/fhir+json";

    private final String token;

    private VaultClient(String token) {
        this.token = token;
    }

    static VaultClient as(String tenant, String role) {
        return new VaultClient(Tokens.forUser(DemoRealm.user(tenant, role)));
    }

    /** A client-credentials caller, e.g. a clinic's integration client (a clinician of its own). */
    static VaultClient asClient(String clientId) {
        return new VaultClient(Tokens.forClient(clientId));
    }

    /** The user id (token subject) the vault knows this caller by, e.g. on a care team. */
    String userId() {
        return Tokens.claims(token).get("sub").asText();
    }

    Response breakGlass(UUID subject, String body) {
        return request()
                .contentType("application/json")
                .body(body)
                .post("/api/v1/patients/" + subject + "/break-glass");
    }

    Response addToCareTeam(UUID subject, String userId) {
        return request().put("/api/v1/patients/" + subject + "/care-team/" + userId);
    }

    Response removeFromCareTeam(UUID subject, String userId) {
        return request().delete("/api/v1/patients/" + subject + "/care-team/" + userId);
    }

    RequestSpecification request() {
        return given().auth().oauth2(token).contentType(FHIR_JSON);
    }

    Response create(String patient) {
        return request().body(patient).post("/api/v1/patients");
    }

    /** Registers a patient and returns its id. */
    UUID register(String patient) {
        Response response = create(patient);
        if (response.statusCode() != 201) {
            throw new AssertionError("registration failed: HTTP " + response.statusCode());
        }
        return idFrom(response.header("Location"));
    }

    Response read(UUID id) {
        return request().get("/api/v1/patients/" + id);
    }

    Response update(UUID id, String etag, String patient) {
        return request().header("If-Match", etag).body(patient).put("/api/v1/patients/" + id);
    }

    Response history(UUID id) {
        return request().get("/api/v1/patients/" + id + "/history");
    }

    Response addRecord(UUID subject, String resource) {
        return request().body(resource).post("/api/v1/patients/" + subject + "/records");
    }

    Response listRecords(UUID subject) {
        return request().get("/api/v1/patients/" + subject + "/records");
    }

    Response readRecord(UUID record) {
        return request().get("/api/v1/records/" + record);
    }

    static UUID idFrom(String location) {
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }
}
