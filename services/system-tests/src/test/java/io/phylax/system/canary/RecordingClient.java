package io.phylax.system.canary;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Tokens;

/**
 * Calls the running services as one seeded user and keeps every exchange, so the sweep can search the response
 * headers and error bodies of every call the test made.
 */
final class RecordingClient {

    static final String FHIR_JSON = "application/fhir+json";
    // HTTP/1.1: the JDK client's h2c upgrade breaks on a body the server refuses before reading it (413).
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String role;
    private final String token;
    private final List<Exchange> exchanges;

    private RecordingClient(String role, String token, List<Exchange> exchanges) {
        this.role = role;
        this.token = token;
        this.exchanges = exchanges;
    }

    /** A client for {@code <tenant>-<role>} that records into {@code exchanges} (shared by all clients of a run). */
    static RecordingClient as(String tenant, String role, List<Exchange> exchanges) {
        return new RecordingClient(role, Tokens.forUser(DemoRealm.user(tenant, role)), exchanges);
    }

    /** The user id the services see for this client (the token's {@code sub}). */
    String subject() {
        return Tokens.claims(token).path("sub").asText();
    }

    /**
     * A W3C {@code traceparent} with the sampled flag. The vault starts a trace for one request in ten (ADR
     * 0093) and always follows a sampled parent, so every call of the sweep is traced, in the vault and in the
     * consumers of its events, and every span the canary could reach is exported and searched.
     */
    static String sampledTraceparent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return "00-" + hex.toHexDigits(random.nextLong() | 1) + hex.toHexDigits(random.nextLong()) + "-"
                + hex.toHexDigits(random.nextLong() | 1) + "-01";
    }

    /** A fresh, thread-safe list to record into. */
    static List<Exchange> newLog() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    /** Starts a request to {@code baseUrl + path}, described to reports as {@code call} (never the URL). */
    Call call(String call, String method, String baseUrl, String path) {
        return new Call(call, method, URI.create(baseUrl + path));
    }

    /** One request being built. */
    final class Call {
        private final String name;
        private final HttpRequest.Builder builder;
        private final String method;
        private String body;
        private boolean phiAllowed;
        private boolean alone;

        private Call(String name, String method, URI uri) {
            this.name = role + ": " + name;
            this.method = method;
            this.builder = HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token)
                    .header("traceparent", sampledTraceparent())
                    .timeout(Duration.ofSeconds(30));
        }

        Call header(String name, String value) {
            builder.header(name, value);
            return this;
        }

        /** A body sent as {@code contentType}. */
        Call body(String contentType, String body) {
            this.body = body;
            builder.header("Content-Type", contentType);
            return this;
        }

        Call fhir(String body) {
            return body(FHIR_JSON, body);
        }

        /** A successful answer to this call may show PHI: this role's view holds it. */
        Call showsPhi() {
            this.phiAllowed = true;
            return this;
        }

        /**
         * Sent with {@code Expect: 100-continue} on a connection of its own: for a body the server refuses before
         * reading it (413), which would otherwise break the shared connection for the calls after it.
         */
        Call alone() {
            this.alone = true;
            builder.expectContinue(true);
            return this;
        }

        Exchange send() {
            HttpRequest request = builder.method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpClient client = alone
                    ? HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(5))
                            .build()
                    : HTTP;
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                Exchange exchange = new Exchange(
                        name,
                        response.statusCode(),
                        response.headers(),
                        response.body(),
                        phiAllowed && response.statusCode() < 300);
                exchanges.add(exchange);
                return exchange;
            } catch (IOException e) {
                // A connection the server closed is an outcome to record (the client's message names no input).
                Exchange exchange = new Exchange(
                        name + " (connection closed: " + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                        -1,
                        HttpHeaders.of(Map.of(), (a, b) -> true),
                        "",
                        false);
                exchanges.add(exchange);
                return exchange;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                if (alone) {
                    client.close();
                }
            }
        }
    }
}
