package io.phylax.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.phylax.testkit.KeycloakAdmin;
import io.phylax.testkit.Tokens;

/**
 * A client disabled in Keycloak (a clinic integration whose secret leaked, say) gets no new token at once;
 * a token it was issued before stays verifiable offline until it expires, which the realm caps at five
 * minutes (ADR 0061: bounded lifetime rather than introspection on every request). The matrix's own
 * {@code attack-probe} client is disabled, never a real one.
 */
class RevokedClientIT {

    private static final String PROBE = "attack-probe";

    @BeforeEach
    @AfterEach
    void probeIsEnabled() {
        // Also before: a run killed half-way must not leave the next one with a disabled probe.
        KeycloakAdmin.setClientEnabled(PROBE, true);
    }

    @Test
    void disabledClientGetsNoNewToken() {
        Tokens.forClient(PROBE);

        KeycloakAdmin.setClientEnabled(PROBE, false);

        assertThatThrownBy(() -> Tokens.forClient(PROBE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Keycloak refused");
    }

    @Test
    void tokenIssuedBeforeDisablingExpiresWithinFiveMinutes() {
        String token = Tokens.forClient(PROBE);

        KeycloakAdmin.setClientEnabled(PROBE, false);

        JsonNode claims = Tokens.claims(token);
        assertThat(claims.path("exp").asLong() - Instant.now().getEpochSecond())
                .as("seconds the already-issued token remains usable")
                .isLessThanOrEqualTo(ClinicSessionLimitsIT.ACCESS_TOKEN_SECONDS);
        assertThat(KeycloakAdmin.client(PROBE)
                        .path("attributes")
                        .path("access.token.lifespan")
                        .asInt())
                .isLessThanOrEqualTo(ClinicSessionLimitsIT.ACCESS_TOKEN_SECONDS);
    }
}
