package io.phylax.trust.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryRedactingSpanProcessorTest {

    @Test
    void everyValueIsRedactedAndNamesStay() {
        assertThat(QueryRedactingSpanProcessor.redact("identifier=urn:x%7CCANARY&reason=a=b"))
                .isEqualTo("identifier=REDACTED&reason=REDACTED");
        assertThat(QueryRedactingSpanProcessor.redact("CANARY")).isEqualTo("REDACTED");
        assertThat(QueryRedactingSpanProcessor.redact("")).isEmpty();
    }

    @Test
    void pathsKeepRouteWordsAndIdsOnly() {
        assertThat(QueryRedactingSpanProcessor.redactPath(
                        "/api/v1/patients/6f1c2a9e-7b1d-4c55-9a0e-2d7f5b8c1e40/records"))
                .isEqualTo("/api/v1/patients/6f1c2a9e-7b1d-4c55-9a0e-2d7f5b8c1e40/records");
        assertThat(QueryRedactingSpanProcessor.redactPath("/api/v1/patients/CANARY-PHI-1234-Id"))
                .isEqualTo("/api/v1/patients/{redacted}");
        assertThat(QueryRedactingSpanProcessor.redactPath("/api/v1/audit/disclosures/smith"))
                .isEqualTo("/api/v1/audit/disclosures/{redacted}");
    }

    @Test
    void urlsKeepTheirOriginAndLoseValues() {
        assertThat(
                        QueryRedactingSpanProcessor.redactTarget(
                                "https://127.0.0.1:18443/internal/v1/contacts/6f1c2a9e-7b1d-4c55-9a0e-2d7f5b8c1e40?tenant=clinic-a"))
                .isEqualTo(
                        "https://127.0.0.1:18443/internal/v1/contacts/6f1c2a9e-7b1d-4c55-9a0e-2d7f5b8c1e40?tenant=REDACTED");
        assertThat(QueryRedactingSpanProcessor.redactTarget("/api/v1/reports/activity?from=CANARY&groupBy=x"))
                .isEqualTo("/api/v1/reports/activity?from=REDACTED&groupBy=REDACTED");
    }
}
