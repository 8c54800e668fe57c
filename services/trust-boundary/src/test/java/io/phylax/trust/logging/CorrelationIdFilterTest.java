package io.phylax.trust.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CorrelationIdFilterTest {

    @Test
    void plainTokensPassAndAnythingElseIsNeverEchoed() {
        assertThat(CorrelationIdFilter.isPlain("3f1c2a9e-7b1d-4c55-9a0e-2d7f5b8c1e40"))
                .isTrue();
        assertThat(CorrelationIdFilter.isPlain("clinic-a.batch_17")).isTrue();
        assertThat(CorrelationIdFilter.isPlain("Ada Lovelace 1815-12-10")).isFalse();
        assertThat(CorrelationIdFilter.isPlain("x".repeat(65))).isFalse();
        assertThat(CorrelationIdFilter.isPlain("a\r\nSet-Cookie: x")).isFalse();
        assertThat(CorrelationIdFilter.isPlain(null)).isFalse();
    }
}
