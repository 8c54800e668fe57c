package io.phylax.notification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/** The notification service's edge: it serves no clinic, so no clinic token opens its API. */
@QuarkusTest
class NotificationBoundaryIT {

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
    void rejectsClinicUserTokens() {
        given().auth()
                .oauth2(Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, "clinician")))
                .get("/api/v1/whoami")
                .then()
                .statusCode(401);
    }

    @Test
    void requestWithoutTokenIsRefused() {
        given().get("/api/v1/whoami").then().statusCode(401);
    }
}
