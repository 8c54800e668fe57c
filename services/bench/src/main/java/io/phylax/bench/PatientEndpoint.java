package io.phylax.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Patient create and read over HTTP against one server: the vault's clinic API or any FHIR R4 server (the
 * peer). Both take a FHIR Patient in the body and name the new resource in {@code Location}; only the
 * collection URL and the credentials differ.
 */
final class PatientEndpoint {

    // The vault answers /api/v1/patients/{id}; FHIR servers [base]/Patient/{id}[/_history/n].
    private static final Pattern ID_IN_LOCATION = Pattern.compile("(?i)/patients?/([A-Za-z0-9.-]{1,64})");
    private static final Pattern ID_IN_BODY = Pattern.compile("\"id\"\\s*:\\s*\"([A-Za-z0-9.-]{1,64})\"");
    private static final String FHIR_JSON = "application/fhir+json";

    private final String name;
    private final String collectionUrl;
    private final Supplier<String> authorization;
    private final HttpClient http;
    private final Map<Integer, LongAdder> failures = new ConcurrentHashMap<>();

    /**
     * @param collectionUrl where Patients are created, e.g. {@code http://127.0.0.1:18081/api/v1/patients}
     * @param authorization the Authorization header value, or a supplier of null for none
     */
    PatientEndpoint(String name, String collectionUrl, Supplier<String> authorization) {
        this.name = name;
        this.collectionUrl = collectionUrl.replaceAll("/+$", "");
        this.authorization = authorization;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The vault's clinic API, as the given user (reads go back through the same user: care-team rules). */
    static PatientEndpoint vault(String vaultUrl, TokenSource tokens) {
        return new PatientEndpoint("vault", vaultUrl + "/api/v1/patients", () -> "Bearer " + tokens.get());
    }

    /** A FHIR R4 server at base (e.g. {@code http://host:8080/fhir}), with an optional bearer token. */
    static PatientEndpoint peer(String base, String bearerToken) {
        String header = bearerToken == null || bearerToken.isBlank() ? null : "Bearer " + bearerToken;
        return new PatientEndpoint("peer", base.replaceAll("/+$", "") + "/Patient", () -> header);
    }

    String name() {
        return name;
    }

    /** Registers a patient; its id, or null if the server refused (counted by status). */
    String create(String patientJson) {
        return create(patientJson, null);
    }

    /** Registers a patient, sending {@code Idempotency-Key} unless the key is null; as {@link #create(String)}. */
    String create(String patientJson, String idempotencyKey) {
        HttpRequest.Builder request = request(URI.create(collectionUrl))
                .header("Content-Type", FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(patientJson));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = send(request);
        if (response == null || response.statusCode() != 201) {
            return null;
        }
        String id = response.headers()
                .firstValue("Location")
                .map(PatientEndpoint::idFromLocation)
                .orElse(null);
        if (id == null) {
            Matcher body = ID_IN_BODY.matcher(response.body());
            id = body.find() ? body.group(1) : null;
        }
        if (id == null) {
            failures.computeIfAbsent(0, k -> new LongAdder()).increment();
        }
        return id;
    }

    /** Reads a patient back; false if the server did not answer 200 (counted by status). */
    boolean read(String id) {
        HttpResponse<String> response =
                send(request(URI.create(collectionUrl + "/" + id)).GET());
        return response != null && response.statusCode() == 200;
    }

    /** Failures so far per HTTP status ({@code -1}: no answer, {@code 0}: created without a usable id). */
    Map<Integer, Long> failures() {
        Map<Integer, Long> counts = new TreeMap<>();
        failures.forEach((status, n) -> counts.put(status, n.sum()));
        return counts;
    }

    void resetFailures() {
        failures.clear();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String idFromLocation(String location) {
        Matcher m = ID_IN_LOCATION.matcher(location);
        String id = null;
        while (m.find()) {
            id = m.group(1); // the last match: a history suffix never matches, a base path might
        }
        return id;
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", FHIR_JSON);
        String auth = authorization.get();
        return auth == null ? builder : builder.header("Authorization", auth);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 300) {
                failures.computeIfAbsent(status, k -> new LongAdder()).increment();
            }
            return response;
        } catch (IOException e) {
            failures.computeIfAbsent(-1, k -> new LongAdder()).increment();
            // The server is away (restarting, refusing connections): don't spin a core on failed connects.
            pause();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
