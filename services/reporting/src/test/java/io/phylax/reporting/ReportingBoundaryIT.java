package io.phylax.reporting;

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

/** The reporting service's edge against the real stack. */
@QuarkusTest
class ReportingBoundaryIT {

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
    void tenantAdminTokenIsAcceptedForItsTenant() {
        given().auth()
                .oauth2(Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, "tenant-admin")))
                .get("/api/v1/whoami")
                .then()
                .statusCode(200)
                .body("tenant", equalTo(DemoRealm.CLINIC_A))
                .body("roles", containsInAnyOrder("tenant-admin"));
    }

    @Test
    void rejectsAnotherServicesAccountToken() {
        given().auth()
                .oauth2(Tokens.forClient("phi-vault"))
                .get("/api/v1/whoami")
                .then()
                .statusCode(401);
    }

    @Test
    void frameworkErrorsAreProblemJsonToo() {
        given().auth()
                .oauth2(Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, "tenant-admin")))
                .get("/api/v1/reports/no-such-report")
                .then()
                .statusCode(404)
                .contentType(org.hamcrest.Matchers.startsWith("application/json"))
                .body("type", equalTo("urn:phylax:problem:http-404"));
    }
}
