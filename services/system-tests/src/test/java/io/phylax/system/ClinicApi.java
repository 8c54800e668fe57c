package io.phylax.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.LocalStack;
import io.phylax.testkit.Tokens;

/** The running vault's clinic API, as one seeded user of the demo realm calls it. */
public final class ClinicApi {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String token;

    private ClinicApi(String token) {
        this.token = token;
    }

    public static ClinicApi as(String tenant, String role) {
        return new ClinicApi(Tokens.forUser(DemoRealm.user(tenant, role)));
    }

    /** Registers a patient and returns its id. */
    UUID register(String patient) {
        return created(post("/api/v1/patients", patient), "patient");
    }

    /** Files a record under a patient and returns the record's id (its stream id). */
    UUID addRecord(UUID patient, String resource) {
        return created(post("/api/v1/patients/" + patient + "/records", resource), "record");
    }

    /** Replaces a patient at the version its ETag named. */
    HttpResponse<String> update(UUID patient, String etag, String resource) {
        return send(vault(), "/api/v1/patients/" + patient, "PUT", resource, "If-Match", etag);
    }

    /** Erases a patient (crypto-shredding); needs a tenant-admin. */
    HttpResponse<String> erase(UUID patient, String reason) {
        return send(vault(), "/api/v1/patients/" + patient + "?reason=" + reason, "DELETE", null);
    }

    /** A GET against any Phylax service with this user's token, e.g. {@code get(vault(), "/api/v1/patients/…")}. */
    HttpResponse<String> get(String baseUrl, String path) {
        return send(baseUrl, path, "GET", null);
    }

    /** A POST without a body (operations such as the audit log's re-verification). */
    HttpResponse<String> postEmpty(String baseUrl, String path) {
        return send(baseUrl, path, "POST", "");
    }

    static String vault() {
        return LocalStack.get().env("PHYLAX_VAULT_URL");
    }

    private static UUID created(HttpResponse<String> response, String what) {
        if (response.statusCode() != 201) {
            // Only the status: an error body may echo the synthetic PHI that was sent.
            throw new AssertionError("creating the " + what + " failed: HTTP " + response.statusCode());
        }
        String location = response.headers().firstValue("Location").orElseThrow();
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    private HttpResponse<String> post(String path, String body) {
        return send(vault(), path, "POST", body);
    }

    /** A FHIR POST to the vault with extra headers (name, value, ...), e.g. a W3C {@code traceparent}. */
    public HttpResponse<String> postFhir(String path, String body, String... headers) {
        return send(vault(), path, "POST", body, headers);
    }

    private HttpResponse<String> send(String baseUrl, String path, String method, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !body.isEmpty()) {
            builder.header("Content-Type", FHIR_JSON);
        }
        if (headers.length > 0) {
            builder.headers(headers);
        }
        HttpRequest request = builder.build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
