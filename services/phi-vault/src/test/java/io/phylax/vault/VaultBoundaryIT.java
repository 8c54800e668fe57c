package io.phylax.vault;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/** The vault's edge against the real stack: readiness, and which Keycloak tokens it accepts. */
@QuarkusTest
class VaultBoundaryIT {

    @Test
    void readyWithItsDatabaseButNotDependingOnKafka() {
        // Writes go on while Kafka is away (they queue in the outbox), so Kafka is not a readiness check.
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                // The vault's own bounded check of its pool (ADR 0093), not Quarkus' built-in one.
                .body("checks.name", hasItems("Database pool"))
                .body("checks.name", not(hasItem("Kafka connection health check")))
                .body("checks.status", everyItemUp());
    }

    @Test
    void liveWhileItsPoolGivesConnectionsBack() {
        given().get("/q/health/live")
                .then()
                .statusCode(200)
                .body("checks.name", hasItems("Database pool not wedged"))
                .body("checks.status", everyItemUp());
    }

    @Test
    void telemetryStaysOffWithoutAnOtlpEndpoint() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", Boolean.class))
                .isTrue();
    }

    @Test
    void clinicUserTokenIsScopedToItsTenant() {
        given().auth()
                .oauth2(Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, "clinician")))
                .get("/api/v1/whoami")
                .then()
                .statusCode(200)
                .body("tenant", equalTo(DemoRealm.CLINIC_A))
                .body("roles", containsInAnyOrder("clinician"));
    }

    @Test
    void integrationClientTokenCarriesItsClinicsTenant() {
        given().auth()
                .oauth2(Tokens.forClient(DemoRealm.integrationClient(DemoRealm.CLINIC_B)))
                .get("/api/v1/whoami")
                .then()
                .statusCode(200)
                .body("tenant", equalTo(DemoRealm.CLINIC_B))
                .body("clientId", equalTo("clinic-b-integration"));
    }

    @Test
    void requestWithoutTokenIsRefused() {
        given().get("/api/v1/whoami").then().statusCode(401);
    }

    @Test
    void rejectsTokenWithWrongAudience() {
        // The audit service's own token is genuine, but it was not issued for the vault.
        given().auth()
                .oauth2(Tokens.forClient("audit"))
                .get("/api/v1/whoami")
                .then()
                .statusCode(401);
    }

    @Test
    void rejectsTokenWithAlteredSignature() {
        String token = Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, "clinician"));
        int sig = token.lastIndexOf('.') + 1;
        String tampered = token.substring(0, sig) + (token.charAt(sig) == 'A' ? 'B' : 'A') + token.substring(sig + 1);
        given().auth().oauth2(tampered).get("/api/v1/whoami").then().statusCode(401);
    }

    @Test
    void tokenWithoutTenantMayActOnNothing() {
        // The operators' service account is issued for the vault but belongs to no clinic.
        given().auth()
                .oauth2(Tokens.forClient("phylax-operator"))
                .get("/api/v1/whoami")
                .then()
                .statusCode(403)
                .body("type", equalTo("urn:phylax:problem:missing-tenant"));
    }

    @Test
    void certificateBoundTokenIsRefusedOnAConnectionWithoutItsCertificate() {
        // Notification's token names its certificate (cnf.x5t#S256); over plain HTTP there is none (ADR 0064).
        given().auth()
                .oauth2(Tokens.forClient("notification"))
                .get("/api/v1/whoami")
                .then()
                .statusCode(401);
    }

    private static org.hamcrest.Matcher<Iterable<? super String>> everyItemUp() {
        return not(hasItem("DOWN"));
    }
}
