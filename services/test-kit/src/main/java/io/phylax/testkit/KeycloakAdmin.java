package io.phylax.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The local Keycloak's admin REST API, as the bootstrap admin whose password the stack generated: for tests
 * that read the realm's settings back, or disable a client made for that purpose.
 */
public final class KeycloakAdmin {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakAdmin() {}

    /** The realm representation of the demo realm (session limits, token lifetimes, ...). */
    public static JsonNode realm() {
        return get("");
    }

    /** One client of the demo realm by its clientId. */
    public static JsonNode client(String clientId) {
        JsonNode found = get("/clients?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
        if (!found.isArray() || found.isEmpty()) {
            throw new IllegalStateException("no client " + clientId + " in the realm");
        }
        return found.get(0);
    }

    /** Every client of the demo realm. */
    public static JsonNode clients() {
        return get("/clients");
    }

    /** Enables or disables a client of the demo realm. */
    public static void setClientEnabled(String clientId, boolean enabled) {
        ObjectNode client = (ObjectNode) client(clientId);
        client.put("enabled", enabled);
        send(HttpRequest.newBuilder(adminUri("/clients/" + client.path("id").asText()))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(client.toString())));
    }

    private static JsonNode get(String path) {
        try {
            return JSON.readTree(send(HttpRequest.newBuilder(adminUri(path)).GET()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URI adminUri(String path) {
        LocalStack stack = LocalStack.get();
        return URI.create(stack.keycloakUrl() + "/admin/realms/" + stack.env("PHYLAX_REALM") + path);
    }

    private static String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(
                    request.header("Authorization", "Bearer " + adminToken()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("Keycloak admin API answered HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String adminToken() throws IOException, InterruptedException {
        LocalStack stack = LocalStack.get();
        String form = "grant_type=password&client_id=admin-cli&username=admin&password="
                + URLEncoder.encode(stack.secret("keycloak-admin-password"), StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.keycloakUrl() + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused the admin token: HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }
}
