package io.phylax.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the vault's key-service call counter from its Prometheus exposition. */
class KeyServiceCallsTest {

    private static final String EXPOSITION = """
            # HELP phylax_vault_key_service_calls_total
            # TYPE phylax_vault_key_service_calls_total counter
            phylax_vault_key_service_calls_total{operation="unwrap"} 42.0
            phylax_vault_key_service_calls_total{operation="wrap"} 8.0
            phylax_vault_key_service_errors_total{operation="unwrap"} 5.0
            """;

    @Test
    void sumsEveryOperationAndNothingElse() {
        assertThat(KeyServiceCalls.parse(EXPOSITION)).isEqualTo(50.0);
    }

    @Test
    void anExemplarAfterTheValueIsNotTheValue() {
        String withExemplars = """
                phylax_vault_key_service_calls_total{operation="unwrap"} 304.0 # {span_id="0b",trace_id="59"} 1.0 1795689842.749
                phylax_vault_key_service_calls_total{operation="wrap"} 178.0
                """;

        assertThat(KeyServiceCalls.parse(withExemplars)).isEqualTo(482.0);
    }

    @Test
    void aVaultThatHasNotCalledTheKeyServiceYetCountsZero() {
        assertThat(KeyServiceCalls.parse("phylax_vault_key_service_errors_total{operation=\"wrap\"} 0.0\n"))
                .isZero();
    }

    @Test
    void perThousandReadsNeedsBothReadingsAndSomeReads() {
        assertThat(KeyServiceCalls.per1000(10.0, 310.0, 300)).isEqualTo(1000.0);
        assertThat(KeyServiceCalls.per1000(null, 310.0, 300)).isNull();
        assertThat(KeyServiceCalls.per1000(10.0, 10.0, 0)).isNull();
    }
}
