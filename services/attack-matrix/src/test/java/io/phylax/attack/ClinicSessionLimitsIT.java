package io.phylax.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.KeycloakAdmin;
import io.phylax.testkit.Tokens;

/**
 * The realm's limits on clinic users' sessions and tokens (ADR 0061), read back from Keycloak's admin API and
 * from the tokens it actually issues: access tokens live five minutes, an idle session ends after fifteen
 * minutes (automatic logoff), any session after eight hours, and no one gets an offline token.
 */
class ClinicSessionLimitsIT {

    static final int ACCESS_TOKEN_SECONDS = 300;
    static final int IDLE_SECONDS = 900;
    static final int ABSOLUTE_SECONDS = 8 * 3600;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyStaffAccessTokenLivesFiveMinutesAtMost() {
        for (String tenant : DemoRealm.TENANTS) {
            for (String role : DemoRealm.STAFF_ROLES) {
                JsonNode claims = Tokens.claims(Tokens.forUser(DemoRealm.user(tenant, role)));
                long lifetime = claims.path("exp").asLong() - claims.path("iat").asLong();
                assertThat(lifetime).as(role).isPositive().isLessThanOrEqualTo(ACCESS_TOKEN_SECONDS);
            }
        }
    }

    @Test
    void realmAndEveryClientCapAccessTokensAtFiveMinutes() {
        assertThat(KeycloakAdmin.realm().path("accessTokenLifespan").asInt())
                .isPositive()
                .isLessThanOrEqualTo(ACCESS_TOKEN_SECONDS);
        for (JsonNode client : KeycloakAdmin.clients()) {
            String override =
                    client.path("attributes").path("access.token.lifespan").asText("");
            if (!override.isEmpty()) {
                assertThat(Integer.parseInt(override))
                        .as(client.path("clientId").asText())
                        .isLessThanOrEqualTo(ACCESS_TOKEN_SECONDS);
            }
        }
    }

    @Test
    void idleSessionEndsAfterFifteenMinutes() {
        assertThat(KeycloakAdmin.realm().path("ssoSessionIdleTimeout").asInt())
                .isPositive()
                .isLessThanOrEqualTo(IDLE_SECONDS);
        // The refresh token a sign-in gets cannot outlive the idle limit either.
        assertThat(signIn("").path("refresh_expires_in").asInt()).isPositive().isLessThanOrEqualTo(IDLE_SECONDS);
    }

    @Test
    void sessionEndsAfterEightHoursWhateverTheActivity() {
        JsonNode realm = KeycloakAdmin.realm();
        assertThat(realm.path("ssoSessionMaxLifespan").asInt()).isPositive().isLessThanOrEqualTo(ABSOLUTE_SECONDS);
        assertThat(realm.path("clientSessionMaxLifespan").asInt(0)).isLessThanOrEqualTo(ABSOLUTE_SECONDS);
    }

    @Test
    void clinicUserGetsNoOfflineToken() {
        JsonNode answer = signIn("offline_access");

        assertThat(answer.has("refresh_token"))
                .as("an offline token would outlive every session limit")
                .isFalse();
        assertThat(answer.path("error").asText()).isEqualTo("not_allowed");
    }

    @Test
    void repeatedWrongPasswordsLockTheAccount() {
        assertThat(KeycloakAdmin.realm().path("bruteForceProtected").asBoolean())
                .isTrue();
    }

    /** A password sign-in of clinic-a's clinician through the CLI client, with the given extra scope. */
    private static JsonNode signIn(String scope) {
        HttpResponse<String> response = Http.passwordSignIn(
                DemoRealm.user(DemoRealm.CLINIC_A, "clinician"), scope.isEmpty() ? "" : "&scope=" + scope);
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("sign-in answer is not JSON", e);
        }
    }
}
