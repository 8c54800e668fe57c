package io.phylax.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.ForgedTokens;
import io.phylax.testkit.LocalStack;
import io.phylax.testkit.StackParts;
import io.phylax.testkit.Tokens;

/**
 * Keycloak stopped: tokens it issued before keep working (the vault verifies them with the signing keys it cached),
 * new sign-ins fail with a refused connection rather than a hang, and nothing fails open: expired, foreign-signed
 * and unsigned tokens are still refused with 401, never let through, never a 500 because the keys cannot be fetched.
 */
class KeycloakOutageIT {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @AfterEach
    void restore() {
        Stack.restoreEverything();
    }

    @Test
    void issuedTokensKeepWorkingNewLoginsFailAndForgedTokensAreStillRefused() {
        VaultApi clinician = Stack.clinician();
        UUID patient = clinician
                .register(Patients.patient(Patients.canary(), "female"))
                .created()
                .orElseThrow();
        // Taken while Keycloak still publishes its keys: the kid of the realm key in the state directory.
        String kid = ForgedTokens.realmKid();

        StackParts.terminate("keycloak");
        Instant down = Instant.now();
        while (Duration.between(down, Instant.now()).compareTo(FaultPlan.outage()) < 0) {
            assertThat(clinician.read(patient).status())
                    .as("a read with a token issued before")
                    .isEqualTo(200);
            assertThat(clinician
                            .register(Patients.patient(Patients.canary(), "male"))
                            .status())
                    .as("a write with a token issued before")
                    .isEqualTo(201);
            pause();
        }
        Instant loginStarted = Instant.now();
        assertThatThrownBy(() -> Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, "clinician")))
                .as("a new sign-in while Keycloak is down")
                .isInstanceOfAny(IllegalStateException.class, java.io.UncheckedIOException.class);
        assertThat(Duration.between(loginStarted, Instant.now()))
                .as("how long the failed sign-in took")
                .isLessThan(Duration.ofSeconds(10));

        ObjectNode expired = ForgedTokens.claims("phi-vault", DemoRealm.CLINIC_A, "clinician");
        expired.put("iat", Instant.now().minusSeconds(600).getEpochSecond());
        expired.put("exp", Instant.now().minusSeconds(300).getEpochSecond());
        ObjectNode fresh = ForgedTokens.claims("phi-vault", DemoRealm.CLINIC_A, "clinician");
        assertThat(statusWith(ForgedTokens.rs256(expired, kid, ForgedTokens.realmKey())))
                .as("an expired token signed by the realm")
                .isEqualTo(401);
        // An unknown kid would make the vault fetch the realm's keys again: with Keycloak down it must refuse.
        assertThat(statusWith(ForgedTokens.rs256(fresh, UUID.randomUUID().toString(), ForgedTokens.attackerKey())))
                .as("a token signed by an unknown key under an unknown kid")
                .isEqualTo(401);
        assertThat(statusWith(ForgedTokens.rs256(fresh, kid, ForgedTokens.attackerKey())))
                .as("a token signed by another key under the realm's kid")
                .isEqualTo(401);
        assertThat(statusWith(ForgedTokens.unsigned(fresh, kid)))
                .as("an unsigned token")
                .isEqualTo(401);

        StackParts.restartInfrastructure();
        assertThat(Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, "clinician")))
                .as("a sign-in once Keycloak is back")
                .isNotBlank();
    }

    private static int statusWith(String token) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(LocalStack.get().env("PHYLAX_VAULT_URL") + "/api/v1/whoami"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return VaultApi.NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return VaultApi.NO_ANSWER;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
