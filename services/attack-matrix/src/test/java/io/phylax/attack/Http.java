package io.phylax.attack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import io.phylax.testkit.LocalStack;

/** Plain HTTP calls to the running services, each with whatever credential the attack under test brings. */
final class Http {

    private static final HttpClient PLAIN =
            // HTTP/1.1: the JDK client's default h2c upgrade on plain HTTP once left a large /q/metrics read hanging
            // past the request time-out in CI.
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    private Http() {}

    /** The base URL of a running service's main port, from the stack's environment. */
    static String baseUrl(String service) {
        String variable = switch (service) {
            case "phi-vault" -> "PHYLAX_VAULT_URL";
            case "audit" -> "PHYLAX_AUDIT_URL";
            case "notification" -> "PHYLAX_NOTIFICATION_URL";
            case "reporting" -> "PHYLAX_REPORTING_URL";
            default -> throw new IllegalArgumentException("unknown service " + service);
        };
        return LocalStack.get().env(variable);
    }

    /** The vault's internal TLS port, from the configuration the stack generated for it. */
    static String vaultInternalUrl() {
        Properties config = new Properties();
        try (InputStream in =
                Files.newInputStream(LocalStack.get().stateDir().resolve("config/phi-vault.properties"))) {
            config.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "https://127.0.0.1:" + config.getProperty("quarkus.http.ssl-port");
    }

    /**
     * A password sign-in of a demo-realm user through the CLI client, with {@code extraForm} (already encoded,
     * each field starting with {@code &}) appended; Keycloak's answer as it is, refusals included.
     */
    static HttpResponse<String> passwordSignIn(String user, String extraForm) {
        LocalStack stack = LocalStack.get();
        String form = "grant_type=password&client_id=phylax-cli&username=" + user + "&password="
                + URLEncoder.encode(stack.secret("demo-user-password"), StandardCharsets.UTF_8) + extraForm;
        return send(
                PLAIN,
                "POST",
                stack.issuer() + "/protocol/openid-connect/token",
                null,
                form,
                "application/x-www-form-urlencoded",
                Map.of());
    }

    static HttpResponse<String> get(String url, String token) {
        return send(PLAIN, "GET", url, token, null, null, Map.of());
    }

    /** Sends one request; {@code token} and {@code body} may be null. */
    static HttpResponse<String> send(
            HttpClient client,
            String method,
            String url,
            String token,
            String body,
            String contentType,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpClient plain() {
        return PLAIN;
    }
}
