package io.phylax.trust.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.phylax.trust.security.MfaStepUp;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

class SecurityMetricsTest {

    @Test
    void knownReasonCodesBecomeLabelsAndAnythingElseIsOther() {
        assertThat(SecurityMetrics.authenticationReason("expired")).isEqualTo("expired");
        assertThat(SecurityMetrics.authenticationReason("audience-invalid,expired"))
                .isEqualTo("audience-invalid");
        assertThat(SecurityMetrics.authenticationReason("invalid-token:ParseException"))
                .isEqualTo("invalid-token");
        assertThat(SecurityMetrics.authenticationReason("certificate-binding")).isEqualTo("certificate-binding");
        assertThat(SecurityMetrics.authenticationReason("jwt-error-99")).isEqualTo("other");
        assertThat(SecurityMetrics.authenticationReason("eyJhbGciOiJub25lIn0")).isEqualTo("other");
        assertThat(SecurityMetrics.authenticationReason(null)).isEqualTo("other");
    }

    @Test
    void aDenialOfACallerWhoseMfaRolesWereWithheldIsCountedAsMfaRequired() {
        SecurityIdentity withheld = QuarkusSecurityIdentity.builder()
                .setPrincipal(() -> "test")
                .addAttribute(MfaStepUp.WITHHELD_ROLES, Set.of("auditor"))
                .build();
        SecurityIdentity plain =
                QuarkusSecurityIdentity.builder().setPrincipal(() -> "test").build();

        assertThat(SecurityMetrics.denialReason(withheld, SecurityMetrics.MISSING_ROLE))
                .isEqualTo("mfa-required");
        assertThat(SecurityMetrics.denialReason(plain, SecurityMetrics.MISSING_ROLE))
                .isEqualTo("missing-role");
        assertThat(SecurityMetrics.denialReason(null, SecurityMetrics.FORBIDDEN))
                .isEqualTo("forbidden");
    }
}
