package io.phylax.audit.it;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Tokens;
import io.restassured.specification.RequestSpecification;

/** The audit API as a seeded user of the demo realm. */
final class AuditApi {

    // Tokens are short-lived; reuse one for a minute at most.
    private static final Duration REUSE = Duration.ofMinutes(1);

    private record Cached(String token, Instant fetched) {}

    private static final Map<String, Cached> TOKENS = new ConcurrentHashMap<>();

    private AuditApi() {}

    static RequestSpecification as(String tenant, String role) {
        return given().auth().oauth2(token(DemoRealm.user(tenant, role)));
    }

    static RequestSpecification asAuditor(String tenant) {
        return as(tenant, "auditor");
    }

    private static String token(String user) {
        return TOKENS.compute(
                        user,
                        (name, cached) ->
                                cached != null && cached.fetched().plus(REUSE).isAfter(Instant.now())
                                        ? cached
                                        : new Cached(Tokens.forUser(name), Instant.now()))
                .token();
    }
}
