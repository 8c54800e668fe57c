package io.phylax.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Fresh access tokens from the stack's Keycloak for the seeded users and clients. */
public final class Tokens {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokens() {}

    /** Tokens of MFA users with more than a minute left: each sign-in spends a 30 s one-time code window. */
    private static final Map<String, String> MFA_TOKENS = new ConcurrentHashMap<>();

    /**
     * A token for a seeded staff user (e.g. {@code clinic-a-clinician}) through the public CLI client. For a
     * user the realm requires OTP of (tenant-admins and auditors, ADR 0063), the sign-in carries a one-time
     * code, and the token is reused while it has more than a minute left.
     */
    public static String forUser(String username) {
        if (!Totp.hasSecret(LocalStack.get().stateDir(), username)) {
            return passwordGrant(LocalStack.get().issuer(), username, null)
                    .get("access_token")
                    .asText();
        }
        return MFA_TOKENS.compute(username, (user, cached) -> {
            if (cached != null
                    && claims(cached).path("exp").asLong()
                            > Instant.now().plusSeconds(60).getEpochSecond()) {
                return cached;
            }
            return passwordGrant(LocalStack.get().issuer(), user, null)
                    .get("access_token")
                    .asText();
        });
    }

    /**
     * A client-credentials token for a service or integration client (e.g. {@code clinic-a-integration}). A service
     * (a client with a certificate in the stack's PKI) asks Keycloak's HTTPS endpoint presenting that certificate,
     * as the service itself does, so a certificate-bound client's token carries {@code cnf.x5t#S256} (ADR 0064).
     */
    public static String forClient(String clientId) {
        LocalStack stack = LocalStack.get();
        Map<String, String> form = Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                clientId,
                "client_secret",
                stack.secret("keycloak-client-" + clientId));
        if (Files.isRegularFile(stack.keystore(clientId))) {
            return tokenResponse(TlsClients.as(clientId), stack.tlsIssuerEndpoint(), form)
                    .get("access_token")
                    .asText();
        }
        return request(form);
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

    /**
     * An ID token for a seeded staff user (password grant with scope {@code openid}): for showing that an ID
     * token is not accepted where an access token is required.
     */
    public static String idTokenForUser(String username) {
        return passwordGrant(LocalStack.get().issuer(), username, "openid")
                .get("id_token")
                .asText();
    }

    /**
     * An access token for {@code username} from another realm of the same Keycloak (e.g. the attack matrix's
     * look-alike realm {@code phylax-attacker}, whose users share the demo password).
     */
    public static String forUserOfRealm(String realm, String username) {
        return passwordGrant(LocalStack.get().keycloakUrl() + "/realms/" + realm, username, null)
                .get("access_token")
                .asText();
    }

    /**
     * The token response of a password sign-in through the CLI client, with an optional scope; with a fresh
     * one-time code for a user of the demo realm who has an OTP secret.
     */
    private static JsonNode passwordGrant(String issuer, String username, String scope) {
        for (int attempt = 1; ; attempt++) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "password");
            form.put("client_id", "phylax-cli");
            form.put("username", username);
            form.put("password", LocalStack.get().secret("demo-user-password"));
            if (scope != null) {
                form.put("scope", scope);
            }
            LocalStack stack = LocalStack.get();
            if (issuer.equals(stack.issuer()) && Totp.hasSecret(stack.stateDir(), username)) {
                form.put("totp", Totp.nextCode(stack.stateDir(), username));
            }
            HttpResponse<String> response = post(HTTP, issuer, form);
            // Keycloak's blocking brute-force protector refuses (400 invalid_grant, event user_temporarily_disabled)
            // a sign-in while an earlier one of the same user is still being counted, which it finishes after it
            // has answered: a quick second sign-in can be refused though nothing failed (keycloak/keycloak#36495).
            // Such a refusal is retried after a pause; a real lockout still fails after the last attempt.
            if (response.statusCode() == 400 && response.body().contains("invalid_grant") && attempt < 4) {
                pause(Duration.ofMillis(500L * attempt));
                continue;
            }
            return parse(response, form);
        }
    }

    private static String request(Map<String, String> form) {
        return tokenResponse(LocalStack.get().issuer(), form)
                .get("access_token")
                .asText();
    }

    private static JsonNode tokenResponse(String issuer, Map<String, String> form) {
        return tokenResponse(HTTP, issuer, form);
    }

    private static JsonNode tokenResponse(HttpClient http, String issuer, Map<String, String> form) {
        return parse(post(http, issuer, form), form);
    }

    private static HttpResponse<String> post(HttpClient http, String issuer, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(HttpResponse<String> response, Map<String, String> form) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for "
                    + form.getOrDefault("username", form.get("client_id")) + ": HTTP " + response.statusCode());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
