package io.phylax.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.attack.RouteCatalog.Route;
import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.Tokens;

/**
 * Tenant × role × route: every route of every running service, called by every role of clinic-a (each staff
 * user and the clinic's integration client) with clinic-b's ids, answers exactly as it does for an id that
 * does not exist (same status, same body once the id itself is masked), and never with success where a
 * missing id fails. Routes come from each service's OpenAPI document; one without a classification here
 * fails {@link #everyRouteOfEveryServiceIsClassified}.
 */
@TestInstance(Lifecycle.PER_CLASS)
class TenantRouteMatrixIT {

    /** What a route takes that could name another tenant's data, and so how the matrix attacks it. */
    enum Kind {
        /** A vault subject id in the path. */
        SUBJECT_ID,
        /** A vault record id in the path. */
        RECORD_ID,
        /** A subject id in the path of an audit query (the subject clinic-a never touched). */
        AUDIT_SUBJECT_ID,
        /** A subject id as the {@code subject} query parameter of an audit query. */
        AUDIT_SUBJECT_QUERY,
        /** An audit log position ({@code entry}) of clinic-b's entry. */
        AUDIT_ENTRY_QUERY,
        /** An export id in the path (clinic-b's export request). */
        EXPORT_ID,
        /** A tenant id in the path (operator routes). */
        TENANT_IN_PATH,
        /** An identifier search in the query string. */
        IDENTIFIER_QUERY,
        /** An identifier search in the JSON body. */
        IDENTIFIER_BODY,
        /** The internal contact endpoint (subject id and tenant), reached on the clinic port without a certificate. */
        INTERNAL_CONTACT,
        /** Takes nothing that names a tenant or a subject: the tenant is the token's (checked by parameter names). */
        NO_FOREIGN_INPUT
    }

    static final Map<String, Kind> CLASSIFICATION = Map.ofEntries(
            Map.entry("phi-vault GET /api/v1/patients/{id}", Kind.SUBJECT_ID),
            Map.entry("phi-vault PUT /api/v1/patients/{id}", Kind.SUBJECT_ID),
            Map.entry("phi-vault DELETE /api/v1/patients/{id}", Kind.SUBJECT_ID),
            Map.entry("phi-vault GET /api/v1/patients/{id}/history", Kind.SUBJECT_ID),
            Map.entry("phi-vault GET /api/v1/patients/{id}/records", Kind.SUBJECT_ID),
            Map.entry("phi-vault POST /api/v1/patients/{id}/records", Kind.SUBJECT_ID),
            Map.entry("phi-vault GET /api/v1/records/{id}", Kind.RECORD_ID),
            Map.entry("phi-vault PUT /api/v1/records/{id}", Kind.RECORD_ID),
            Map.entry("phi-vault GET /api/v1/patients", Kind.IDENTIFIER_QUERY),
            Map.entry("phi-vault POST /api/v1/patients/_search", Kind.IDENTIFIER_BODY),
            Map.entry("phi-vault POST /api/v1/patients", Kind.NO_FOREIGN_INPUT),
            Map.entry("phi-vault GET /api/v1/admin/retention", Kind.NO_FOREIGN_INPUT),
            Map.entry("phi-vault PUT /api/v1/admin/retention", Kind.NO_FOREIGN_INPUT),
            Map.entry("phi-vault GET /api/v1/admin/keys/{tenant}", Kind.TENANT_IN_PATH),
            Map.entry("phi-vault POST /api/v1/admin/keys/{tenant}/rotate", Kind.TENANT_IN_PATH),
            Map.entry("phi-vault POST /api/v1/admin/keys/{tenant}/rewrap", Kind.TENANT_IN_PATH),
            Map.entry("phi-vault PUT /api/v1/admin/keys/{tenant}/min-version", Kind.TENANT_IN_PATH),
            Map.entry("phi-vault GET /internal/v1/contacts/{id}", Kind.INTERNAL_CONTACT),
            Map.entry("phi-vault POST /api/v1/patients/{id}/break-glass", Kind.SUBJECT_ID),
            Map.entry("phi-vault GET /api/v1/patients/{id}/care-team", Kind.SUBJECT_ID),
            Map.entry("phi-vault PUT /api/v1/patients/{id}/care-team/{userId}", Kind.SUBJECT_ID),
            Map.entry("phi-vault DELETE /api/v1/patients/{id}/care-team/{userId}", Kind.SUBJECT_ID),
            Map.entry("phi-vault POST /api/v1/exports", Kind.NO_FOREIGN_INPUT),
            Map.entry("phi-vault GET /api/v1/exports/{id}", Kind.EXPORT_ID),
            Map.entry("phi-vault POST /api/v1/exports/{id}/approve", Kind.EXPORT_ID),
            Map.entry("phi-vault POST /api/v1/exports/{id}/refuse", Kind.EXPORT_ID),
            Map.entry("phi-vault GET /api/v1/exports/{id}/file", Kind.EXPORT_ID),
            Map.entry("phi-vault POST /api/v1/admin/keys/{tenant}/reindex", Kind.TENANT_IN_PATH),
            Map.entry("phi-vault GET /api/v1/admin/tenants/{tenant}/closure", Kind.TENANT_IN_PATH),
            Map.entry("phi-vault POST /api/v1/admin/tenants/{tenant}/closure", Kind.TENANT_IN_PATH),
            Map.entry("phi-vault GET /api/v1/whoami", Kind.NO_FOREIGN_INPUT),
            Map.entry("audit GET /api/v1/audit/events", Kind.AUDIT_SUBJECT_QUERY),
            Map.entry("audit GET /api/v1/audit/disclosures/{subjectId}", Kind.AUDIT_SUBJECT_ID),
            Map.entry("audit GET /api/v1/audit/proofs/inclusion", Kind.AUDIT_ENTRY_QUERY),
            Map.entry("audit GET /api/v1/audit/proofs/consistency", Kind.NO_FOREIGN_INPUT),
            Map.entry("audit GET /api/v1/audit/tree-head", Kind.NO_FOREIGN_INPUT),
            Map.entry("audit GET /api/v1/audit/public-key", Kind.NO_FOREIGN_INPUT),
            Map.entry("audit POST /api/v1/audit/verify", Kind.NO_FOREIGN_INPUT),
            Map.entry("audit GET /api/v1/whoami", Kind.NO_FOREIGN_INPUT),
            Map.entry("notification GET /api/v1/whoami", Kind.NO_FOREIGN_INPUT),
            Map.entry("reporting GET /api/v1/reports/activity", Kind.NO_FOREIGN_INPUT),
            Map.entry("reporting GET /api/v1/whoami", Kind.NO_FOREIGN_INPUT));

    /** Parameters a {@link Kind#NO_FOREIGN_INPUT} route may take: none of them can name a tenant or a subject. */
    private static final Pattern HARMLESS_PARAMETER = Pattern.compile(
            "X-Correlation-Id|X-Purpose-Of-Use|Idempotency-Key|If-Match|from|to|groupBy|treeSize|limit|cursor");

    private static final String ID_SYSTEM = "urn:oid:2.16.840.1.113883.4.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** clinic-b's data, made once: a subject with a record (attacked through the vault) and one clinic-a never touches. */
    private UUID foreignSubject;

    private UUID foreignRecord;
    private UUID foreignExport;
    private UUID untouchedForeignSubject;
    private String foreignIdentifier;
    private long foreignAuditEntry;

    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    @BeforeAll
    void makeClinicBData() {
        String canary = "CANARY-PHI-" + UUID.randomUUID().toString().substring(0, 8);
        foreignIdentifier = ID_SYSTEM + "|" + canary + "-MRN";
        String clinicB = Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_B, "clinician"));
        foreignSubject = created(vault("POST", "/api/v1/patients", clinicB, patient(canary), "application/fhir+json"));
        foreignExport = created(vault(
                "POST",
                "/api/v1/exports",
                Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_B, "tenant-admin")),
                "{\"format\":\"ndjson\",\"publicKey\":\"" + recipientKey() + "\"}",
                "application/json"));
        foreignRecord = created(vault(
                "POST",
                "/api/v1/patients/" + foreignSubject + "/records",
                clinicB,
                observation(canary),
                "application/fhir+json"));
        untouchedForeignSubject =
                created(vault("POST", "/api/v1/patients", clinicB, patient(canary + "-2"), "application/fhir+json"));
        String auditorB = Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_B, "auditor"));
        foreignAuditEntry = Eventually.within(Duration.ofSeconds(30), "clinic-b's audit entry", () -> {
            JsonNode page = json(Http.get(
                    Http.baseUrl("audit") + "/api/v1/audit/events?limit=1&subject=" + untouchedForeignSubject,
                    auditorB));
            JsonNode entries = page.path("entries");
            return entries.isEmpty()
                    ? Optional.empty()
                    : Optional.of(entries.get(0).path("seq").asLong());
        });
    }

    @Test
    void everyRouteOfEveryServiceIsClassified() {
        List<String> unclassified = RouteCatalog.all().stream()
                .map(Route::key)
                .filter(key -> !CLASSIFICATION.containsKey(key))
                .toList();

        assertThat(unclassified)
                .as("routes the tenant matrix does not know how to attack")
                .isEmpty();
    }

    @Test
    void routesWithoutForeignInputTakeNothingThatNamesATenantOrSubject() {
        for (Route route : RouteCatalog.all()) {
            if (CLASSIFICATION.get(route.key()) == Kind.NO_FOREIGN_INPUT) {
                assertThat(route.path()).as(route.key()).doesNotContain("{");
                assertThat(route.parameters())
                        .as(route.key())
                        .allMatch(p -> HARMLESS_PARAMETER.matcher(p).matches());
            }
        }
    }

    Stream<Arguments> attacks() {
        List<Arguments> attacks = new ArrayList<>();
        for (Route route : RouteCatalog.all()) {
            Kind kind = CLASSIFICATION.get(route.key());
            if (kind == null || kind == Kind.NO_FOREIGN_INPUT) {
                continue;
            }
            for (String caller : callersOfClinicA()) {
                attacks.add(Arguments.of(caller, route));
            }
        }
        return attacks.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("attacks")
    void foreignIdAnswersLikeAMissingOne(String caller, Route route) {
        Kind kind = CLASSIFICATION.get(route.key());
        String token = token(caller);

        HttpResponse<String> foreign = call(route, kind, token, foreignTarget(kind));
        HttpResponse<String> missing = call(route, kind, token, missingTarget(kind));

        String attack = caller + " " + route + ": ";
        assertThat(foreign.statusCode())
                .as(attack + "status for clinic-b's id vs a missing one")
                .isEqualTo(missing.statusCode());
        assertThat(masked(foreign.body(), foreignTarget(kind)))
                .as(attack + "body for clinic-b's id vs a missing one")
                .isEqualTo(masked(missing.body(), missingTarget(kind)));
        if (!answersEmptyForMissing(kind)) {
            assertThat(foreign.statusCode())
                    .as(attack + "no success with clinic-b's id")
                    .isGreaterThanOrEqualTo(400);
        }
        assertThat(foreign.body()).as(attack + "no clinic-b PHI").doesNotContain("CANARY-PHI");
    }

    /** Searches and audit queries answer 200 with nothing for an unknown id; the foreign id must get the same nothing. */
    private static boolean answersEmptyForMissing(Kind kind) {
        return kind == Kind.IDENTIFIER_QUERY
                || kind == Kind.IDENTIFIER_BODY
                || kind == Kind.AUDIT_SUBJECT_ID
                || kind == Kind.AUDIT_SUBJECT_QUERY;
    }

    private String foreignTarget(Kind kind) {
        return switch (kind) {
            case SUBJECT_ID, INTERNAL_CONTACT -> foreignSubject.toString();
            case RECORD_ID -> foreignRecord.toString();
            case EXPORT_ID -> foreignExport.toString();
            case AUDIT_SUBJECT_ID, AUDIT_SUBJECT_QUERY -> untouchedForeignSubject.toString();
            case AUDIT_ENTRY_QUERY -> Long.toString(foreignAuditEntry);
            case TENANT_IN_PATH -> DemoRealm.CLINIC_B;
            case IDENTIFIER_QUERY, IDENTIFIER_BODY -> foreignIdentifier;
            case NO_FOREIGN_INPUT -> throw new IllegalArgumentException(kind.name());
        };
    }

    /** A target of the same shape that names nothing: a fresh UUID, a tenant no one has, an entry past the log's end. */
    private static String missingTarget(Kind kind) {
        return switch (kind) {
            case TENANT_IN_PATH -> "clinic-zz";
            case AUDIT_ENTRY_QUERY -> "999999999";
            case IDENTIFIER_QUERY, IDENTIFIER_BODY -> ID_SYSTEM + "|CANARY-PHI-none-MRN";
            default ->
                UUID.nameUUIDFromBytes(("missing-" + kind).getBytes(StandardCharsets.UTF_8))
                        .toString();
        };
    }

    private static HttpResponse<String> call(Route route, Kind kind, String token, String target) {
        String path = route.path().replaceAll("\\{[^}]+}", target);
        String query = "";
        String body = null;
        Map<String, String> headers = new HashMap<>();
        switch (kind) {
            case IDENTIFIER_QUERY -> query = "?identifier=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
            case IDENTIFIER_BODY -> body = "{\"identifier\":\"" + target + "\"}";
            case AUDIT_SUBJECT_QUERY -> query = "?subject=" + target;
            case AUDIT_ENTRY_QUERY -> query = "?entry=" + target;
            case INTERNAL_CONTACT -> query = "?tenant=" + DemoRealm.CLINIC_B;
            default -> {}
        }
        if (route.method().equals("DELETE")) {
            query = "?reason=PATIENT_REQUEST";
        }
        if (route.method().equals("PUT")) {
            headers.put("If-Match", "W/\"1\"");
        }
        if (body == null && route.bodyType() != null) {
            body = bodyFor(route);
        }
        return Http.send(
                Http.plain(),
                route.method(),
                Http.baseUrl(route.service()) + path + query,
                token,
                body,
                route.bodyType(),
                headers);
    }

    /** A valid body for the route, so a refusal cannot come from validation before the lookup. */
    private static String bodyFor(Route route) {
        if (route.path().startsWith("/api/v1/patients/{id}/records")
                || route.path().startsWith("/api/v1/records")) {
            return observation("CANARY-PHI-matrix");
        }
        if (route.path().startsWith("/api/v1/patients")) {
            return patient("CANARY-PHI-matrix");
        }
        if (route.path().endsWith("/break-glass")) {
            return "{\"reason\":\"EMERGENCY_TREATMENT\",\"text\":\"matrix\"}";
        }
        if (route.path().endsWith("/min-version")) {
            return "{\"minVersion\":1}";
        }
        return "{}";
    }

    /** The body with the target masked, and as JSON when it is JSON (so key order cannot differ). */
    private static String masked(String body, String target) {
        String masked =
                body.replace(target, "<target>").replace(URLEncoder.encode(target, StandardCharsets.UTF_8), "<target>");
        try {
            return JSON.readTree(masked).toString();
        } catch (Exception notJson) {
            return masked;
        }
    }

    private List<String> callersOfClinicA() {
        List<String> callers = new ArrayList<>();
        DemoRealm.STAFF_ROLES.forEach(role -> callers.add(DemoRealm.user(DemoRealm.CLINIC_A, role)));
        callers.add(DemoRealm.integrationClient(DemoRealm.CLINIC_A));
        return callers;
    }

    /** A token per caller, fetched again when it has less than a minute left. */
    private String token(String caller) {
        return tokens.compute(caller, (who, cached) -> {
            if (cached != null
                    && Tokens.claims(cached).path("exp").asLong()
                            > Instant.now().plusSeconds(60).getEpochSecond()) {
                return cached;
            }
            return who.endsWith("-integration") ? Tokens.forClient(who) : Tokens.forUser(who);
        });
    }

    private static HttpResponse<String> vault(String method, String path, String token, String body, String type) {
        return Http.send(Http.plain(), method, Http.baseUrl("phi-vault") + path, token, body, type, Map.of());
    }

    /** A fresh RSA public key (SPKI PEM, JSON-escaped) for clinic-b's export request. */
    private static String recipientKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
            return ("-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n").replace("\n", "\\n");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UUID created(HttpResponse<String> response) {
        // Only the status on failure: an error body could echo the synthetic PHI that was sent.
        assertThat(response.statusCode()).as("creating clinic-b's fixture").isEqualTo(201);
        String location = response.headers().firstValue("Location").orElseThrow();
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static String patient(String canary) {
        return """
                {"resourceType":"Patient",
                 "identifier":[{"system":"%s","value":"%s-MRN"}],
                 "name":[{"family":"%s-Family"}],
                 "telecom":[{"system":"email","value":"%s@example.org"}],
                 "birthDate":"1970-01-01"}
                """.formatted(ID_SYSTEM, canary, canary, canary.toLowerCase());
    }

    private static String observation(String canary) {
        return """
                {"resourceType":"Observation","status":"final","code":{"text":"%s body weight"}}
                """.formatted(canary);
    }
}
