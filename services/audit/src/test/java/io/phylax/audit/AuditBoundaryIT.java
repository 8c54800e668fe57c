package io.phylax.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/** The audit service's edge against the real stack. */
@QuarkusTest
class AuditBoundaryIT {

    @Test
    void readyOnlyWithItsDatabaseAndKafkaReachable() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body(
                        "checks.name",
                        hasItems("Reactive PostgreSQL connections health check", "Kafka connection health check"))
                .body("checks.status", not(hasItem("DOWN")));
    }

    @Test
    void auditorTokenIsAcceptedForItsTenant() {
        given().auth()
                .oauth2(Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_B, "auditor")))
                .get("/api/v1/whoami")
                .then()
                .statusCode(200)
                .body("tenant", equalTo(DemoRealm.CLINIC_B))
                .body("roles", containsInAnyOrder("auditor"));
    }

    @Test
    void rejectsTokenIssuedOnlyForTheVault() {
        given().auth()
                .oauth2(Tokens.forClient(DemoRealm.integrationClient(DemoRealm.CLINIC_A)))
                .get("/api/v1/whoami")
                .then()
                .statusCode(401);
    }
}
