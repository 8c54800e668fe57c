package io.phylax.vault.adapter.in.rest;

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
}
