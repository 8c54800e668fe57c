package io.phylax.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Fresh access tokens from the stack's Keycloak for the seeded users and clients. */
public final class Tokens {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokens() {}

    /** A token for a seeded staff user (e.g. {@code clinic-a-clinician}) through the public CLI client. */
    public static String forUser(String username) {
        LocalStack stack = LocalStack.get();
        return request(Map.of(
                "grant_type",
                "password",
                "client_id",
                "phylax-cli",
                "username",
                username,
                "password",
                stack.secret("demo-user-password")));
    }

    /** A client-credentials token for a service or integration client (e.g. {@code clinic-a-integration}). */
    public static String forClient(String clientId) {
        LocalStack stack = LocalStack.get();
        return request(Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                clientId,
                "client_secret",
                stack.secret("keycloak-client-" + clientId)));
    }

    /** The decoded claims of a token (no verification: for assertions on what Keycloak issued). */
    public static JsonNode claims(String token) {
        String[] parts = token.split("\\.");
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String request(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(LocalStack.get().issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for "
                        + form.getOrDefault("username", form.get("client_id")) + ": HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
