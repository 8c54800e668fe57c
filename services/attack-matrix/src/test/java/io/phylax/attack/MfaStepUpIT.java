package io.phylax.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.phylax.attack.RouteCatalog.Route;
import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.ForgedTokens;
import io.phylax.testkit.KeycloakAdmin;
import io.phylax.testkit.LocalStack;
import io.phylax.testkit.ServiceLogs;
import io.phylax.testkit.Tokens;
import io.phylax.testkit.Totp;

/**
 * MFA for tenant-admins and auditors, and the step-up in every service (ADR 0063). Keycloak refuses their
 * sign-in without the right one-time code and puts {@code amr: ["pwd","otp"]} in the tokens it then issues;
 * each service grants those two roles only to a token whose {@code amr} contains {@code otp}. A token signed
 * with the realm's own key that says otherwise (ADR 0060) gets 403 {@code mfa-required} on each service's
 * tenant-admin and auditor routes, logged and counted by reason; the same forgery with {@code otp} passes, so
 * the refusal is caused by the missing second factor alone.
 */
@TestInstance(Lifecycle.PER_CLASS)
class MfaStepUpIT {

    static final List<String> MFA_ROLES = List.of("tenant-admin", "auditor");

    /**
     * Keycloak's brute-force protection locks a user for a minute when two failures come less than a second
     * apart (quick-login check); the refusal tests leave this much room after each failure they cause.
     */
    private static final long AFTER_A_FAILURE_MILLIS = 1_500;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM_TYPE = "urn:phylax:problem:mfa-required";
    private static final String WHOAMI = "/api/v1/whoami";

    /** One route per service and MFA role, from the routes each service publishes (see TenantRouteMatrixIT). */
    record RoleRoute(String service, String role, String method, String path) {

        @Override
        public String toString() {
            return role + " " + service + " " + method + " " + path;
        }
    }

    /** A clinic-a subject, so the vault's history route has something to show an auditor. */
    private UUID subject;

    @BeforeAll
    void makeAClinicASubject() {
        String clinician = Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, "clinician"));
        String canary = "CANARY-PHI-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = Http.send(
                Http.plain(),
                "POST",
                Http.baseUrl("phi-vault") + "/api/v1/patients",
                clinician,
                """
                {"resourceType":"Patient","name":[{"family":"%s-Family"}],"birthDate":"1970-01-01"}
                """.formatted(canary),
                "application/fhir+json",
                Map.of());
        assertThat(created.statusCode()).as("creating clinic-a's subject").isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        subject = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    Stream<RoleRoute> roleRoutes() {
        String to = LocalDate.now(ZoneOffset.UTC).toString();
        String from = LocalDate.now(ZoneOffset.UTC).minusDays(7).toString();
        return Stream.of(
                new RoleRoute("phi-vault", "tenant-admin", "GET", "/api/v1/admin/retention"),
                new RoleRoute("phi-vault", "auditor", "GET", "/api/v1/patients/" + subject + "/history"),
                new RoleRoute("audit", "auditor", "GET", "/api/v1/audit/events?limit=1"),
                new RoleRoute(
                        "reporting", "tenant-admin", "GET", "/api/v1/reports/activity?from=" + from + "&to=" + to));
    }

    /** Every service and MFA role: where a service has no route for a role, whoami shows what it granted. */
    Stream<Arguments> servicesAndRoles() {
        List<Arguments> all = new ArrayList<>();
        for (String service : DemoRealm.SERVICES) {
            MFA_ROLES.forEach(role -> all.add(Arguments.of(service, role)));
        }
        return all.stream();
    }

    @Test
    void theRolesChosenHereArePublishedRoutesOfTheirServices() {
        Set<String> published = new HashSet<>();
        RouteCatalog.all().stream().map(Route::key).forEach(published::add);
        roleRoutes().forEach(route -> {
            String template = route.path().replaceFirst("\\?.*", "").replace(subject.toString(), "{id}");
            assertThat(published).contains(route.service() + " " + route.method() + " " + template);
        });
    }

    @Test
    void realmAsksTenantAdminsAndAuditorsForATotpWithTheDefaultPolicy() {
        JsonNode realm = KeycloakAdmin.realm();

        assertThat(realm.path("otpPolicyType").asText()).isEqualTo("totp");
        assertThat(realm.path("otpPolicyAlgorithm").asText()).isEqualTo("HmacSHA1");
        assertThat(realm.path("otpPolicyDigits").asInt()).isEqualTo(Totp.DIGITS);
        assertThat(realm.path("otpPolicyPeriod").asInt()).isEqualTo(Totp.PERIOD_SECONDS);
        assertThat(realm.path("otpPolicyCodeReusable").asBoolean(true)).isFalse();
        assertThat(realm.path("directGrantFlow").asText()).isEqualTo("phylax direct grant");
        assertThat(realm.path("browserFlow").asText()).isEqualTo("phylax browser");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("MFA_ROLES")
    void mfaUserWithoutAOneTimeCodeIsRefusedByKeycloak(String role) throws InterruptedException {
        assertRefusedByKeycloak(signIn(DemoRealm.user(DemoRealm.CLINIC_A, role), null));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("MFA_ROLES")
    void mfaUserWithAWrongOneTimeCodeIsRefusedByKeycloak(String role) throws InterruptedException {
        String user = DemoRealm.user(DemoRealm.CLINIC_A, role);

        assertRefusedByKeycloak(signIn(user, wrongCode(user)));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("MFA_ROLES")
    void aOneTimeCodeIsAcceptedOnlyOnce(String role) throws InterruptedException {
        String user = DemoRealm.user(DemoRealm.CLINIC_A, role);
        String code = Totp.nextCode(LocalStack.get().stateDir(), user);

        assertThat(signIn(user, code).statusCode()).as("first use").isEqualTo(200);
        assertRefusedByKeycloak(signIn(user, code));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("MFA_ROLES")
    void mfaUserWithTheRightCodeGetsATokenWhoseAmrSaysOtp(String role) {
        JsonNode claims = Tokens.claims(Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, role)));

        assertThat(strings(claims.path("amr"))).contains("pwd", "otp");
        assertThat(strings(claims.path("realm_access").path("roles"))).contains(role);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roleRoutes")
    void tokenFromAnMfaSignInWorksOnTheRolesRoute(RoleRoute route) {
        String token = Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, route.role()));

        assertThat(call(route, token).statusCode()).as(route.toString()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roleRoutes")
    void realmSignedTokenWithoutOtpInAmrGetsMfaRequired(RoleRoute route) {
        assertMfaRequired(route, ForgedTokens.signedByRealm(claims(route.service(), route.role(), "pwd")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roleRoutes")
    void realmSignedTokenWithoutAmrGetsMfaRequired(RoleRoute route) {
        ObjectNode claims = claims(route.service(), route.role());
        claims.remove("amr");

        assertMfaRequired(route, ForgedTokens.signedByRealm(claims));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roleRoutes")
    void realmSignedTokenWithAMalformedAmrGetsMfaRequired(RoleRoute route) {
        // A bare string instead of RFC 8176's array counts for nothing, even when it says otp.
        ObjectNode claims = claims(route.service(), route.role()).put("amr", "otp");

        assertMfaRequired(route, ForgedTokens.signedByRealm(claims));
    }

    /** The positive control: the same forgery with otp in amr is accepted, so the refusals above are MFA's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("roleRoutes")
    void realmSignedTokenWithOtpInAmrIsAccepted(RoleRoute route) {
        String token = ForgedTokens.signedByRealm(claims(route.service(), route.role(), "pwd", "otp"));

        assertThat(call(route, token).statusCode()).as(route.toString()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servicesAndRoles")
    void everyServiceGrantsTheRoleOnlyWithOtp(String service, String role) {
        String withOtp = ForgedTokens.signedByRealm(claims(service, role, "pwd", "otp"));
        String without = ForgedTokens.signedByRealm(claims(service, role, "pwd"));

        assertThat(whoamiRoles(service, withOtp)).containsExactly(role);
        assertThat(whoamiRoles(service, without))
                .as("roles granted without otp")
                .isEmpty();
    }

    @Test
    void clinicianStillSignsInWithAPasswordOnly() {
        String token = Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, "clinician"));

        assertThat(strings(Tokens.claims(token).path("amr"))).contains("pwd").doesNotContain("otp");
        assertThat(whoamiRoles("phi-vault", token)).containsExactly("clinician");
    }

    /** Claims of a clinic-a user with {@code role}, for {@code audience}, with these amr values. */
    private static ObjectNode claims(String audience, String role, String... amr) {
        ObjectNode claims = ForgedTokens.claims(audience, DemoRealm.CLINIC_A, role);
        var methods = claims.putArray("amr");
        for (String method : amr) {
            methods.add(method);
        }
        return claims;
    }

    /**
     * 403 with the mfa-required problem body and without the token; the service logs the refusal by reason and
     * route, without the token, and counts it in {@code phylax_access_denials_total{reason="mfa-required"}}.
     */
    private static void assertMfaRequired(RoleRoute route, String token) {
        double before = mfaDenials(route.service());
        ServiceLogs log = ServiceLogs.mark(route.service());

        HttpResponse<String> response = call(route, token);

        assertThat(response.statusCode()).as(route.toString()).isEqualTo(403);
        assertThat(json(response.body()).path("type").asText())
                .as("problem type")
                .isEqualTo(PROBLEM_TYPE);
        assertThat(response.body()).doesNotContain(token);
        String path = route.path().replaceFirst("\\?.*", "");
        Pattern refusal = Pattern.compile(
                "access refused: reason=mfa-required request=" + route.method() + " " + Pattern.quote(path));
        String logged = Eventually.within(
                Duration.ofSeconds(5),
                route.service() + " logs the refusal",
                () -> Optional.of(log.sinceMark())
                        .filter(text -> refusal.matcher(text).find()));
        assertThat(logged).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        assertThat(mfaDenials(route.service())).as("mfa-required denials").isGreaterThan(before);
    }

    private static void assertRefusedByKeycloak(HttpResponse<String> response) throws InterruptedException {
        try {
            // RFC 6749 5.2: invalid_grant is a 400 (Keycloak 26 answers so; older versions said 401).
            assertThat(response.statusCode()).isIn(400, 401);
            JsonNode body = json(response.body());
            assertThat(body.path("error").asText()).isEqualTo("invalid_grant");
            assertThat(body.has("access_token")).isFalse();
        } finally {
            Thread.sleep(AFTER_A_FAILURE_MILLIS);
        }
    }

    private static HttpResponse<String> call(RoleRoute route, String token) {
        return Http.send(
                Http.plain(),
                route.method(),
                Http.baseUrl(route.service()) + route.path(),
                token,
                null,
                null,
                Map.of());
    }

    private static Set<String> whoamiRoles(String service, String token) {
        HttpResponse<String> response = Http.get(Http.baseUrl(service) + WHOAMI, token);
        assertThat(response.statusCode()).as(service + " whoami").isEqualTo(200);
        return new HashSet<>(strings(json(response.body()).path("roles")));
    }

    /** The service's count of denials for want of MFA, from its Prometheus metrics. */
    private static double mfaDenials(String service) {
        String metrics = Http.get(Http.baseUrl(service) + "/q/metrics", null).body();
        Matcher counter = Pattern.compile(
                        // Prometheus may append an exemplar after the value.
                        "(?m)^phylax_access_denials_total\\{[^}]*reason=\"mfa-required\"[^}]*} ([0-9.Ee+-]+)")
                .matcher(metrics);
        assertThat(counter.find())
                .as(service + " exports the mfa-required counter")
                .isTrue();
        return Double.parseDouble(counter.group(1));
    }

    /** A password sign-in of {@code user} through the CLI client, with {@code totp} when not null. */
    private static HttpResponse<String> signIn(String user, String totp) {
        return Http.passwordSignIn(user, totp == null ? "" : "&totp=" + totp);
    }

    /** Six digits that are not the code of any window Keycloak could accept now (its look-around is ±1). */
    private static String wrongCode(String user) {
        byte[] key = Totp.secret(LocalStack.get().stateDir(), user);
        long now = Totp.windowAt(System.currentTimeMillis());
        Set<String> valid = new HashSet<>();
        for (long w = now - 2; w <= now + 2; w++) {
            valid.add(Totp.code(key, w, Totp.DIGITS));
        }
        int candidate = 0;
        while (valid.contains(String.format("%06d", candidate))) {
            candidate++;
        }
        return String.format("%06d", candidate);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
