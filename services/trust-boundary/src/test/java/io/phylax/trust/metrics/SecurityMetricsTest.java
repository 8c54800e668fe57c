package io.phylax.trust.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
