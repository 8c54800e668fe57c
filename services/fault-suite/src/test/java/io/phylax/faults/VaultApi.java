package io.phylax.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.phylax.testkit.LocalStack;

/**
 * The vault's clinic API with one bearer token, as a load generator sees it: every call returns a status, never
 * throws; a call that got no answer within the time limit is {@link #NO_ANSWER}. Bodies are never kept or printed:
 * an error body may echo the synthetic PHI that was sent.
 */
final class VaultApi {

    /** The status recorded when the vault did not answer at all (refused connection, reset, timeout). */
    static final int NO_ANSWER = -1;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Duration CALL_LIMIT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final String token;

    /** The stack's vault. */
    VaultApi(String token) {
        this(LocalStack.get().env("PHYLAX_VAULT_URL"), token);
    }

    /** Another vault process, such as {@link TransitVault}. */
    VaultApi(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** What a write answered: its status and, for a created resource, the new id. */
    record Answer(int status, Optional<UUID> created) {
        boolean accepted() {
            return status == 200 || status == 201;
        }
    }

    Answer register(String patient) {
        return send("POST", "/api/v1/patients", patient);
    }

    Answer update(UUID patient, long version, String resource) {
        return send("PUT", "/api/v1/patients/" + patient, resource, "If-Match", "W/\"" + version + "\"");
    }

    Answer addRecord(UUID patient, String resource) {
        return send("POST", "/api/v1/patients/" + patient + "/records", resource);
    }

    Answer read(UUID patient) {
        return send("GET", "/api/v1/patients/" + patient, null);
    }

    private Answer send(String method, String path, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .timeout(CALL_LIMIT)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/fhir+json");
        }
        if (headers.length > 0) {
            builder.headers(headers);
        }
        try {
            HttpResponse<Void> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.discarding());
            Optional<UUID> created = response.statusCode() == 201
                    ? response.headers()
                            .firstValue("Location")
                            .map(l -> UUID.fromString(l.substring(l.lastIndexOf('/') + 1)))
                    : Optional.empty();
            return new Answer(response.statusCode(), created);
        } catch (IOException e) {
            return new Answer(NO_ANSWER, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(NO_ANSWER, Optional.empty());
        }
    }
}
