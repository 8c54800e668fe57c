package io.phylax.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading the vault's heap and pool gauges from its Prometheus exposition. */
class VaultGaugesTest {

    private static final String EXPOSITION = """
            # TYPE jvm_gc_live_data_size_bytes gauge
            jvm_gc_live_data_size_bytes 1.2582912E8
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 4.194304E7
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 1.048576E8
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
            sql_pool_active{pool_name="__vertx.DEFAULT",pool_type="sql"} 3.0
            sql_pool_active{pool_name="other",pool_type="sql"} 40.0
            sql_pool_active_total{pool_name="__vertx.DEFAULT"} 77.0
            sql_pool_idle{pool_name="__vertx.DEFAULT",pool_type="sql",} 13.0
            sql_pool_queue_size{pool_name="__vertx.DEFAULT",pool_type="sql"} 0.0
            """;

    @Test
    void heapAfterGcIsMicrometersLiveDataSize() {
        VaultGauges g = VaultGauges.parse(EXPOSITION);

        assertThat(g.heapAfterGcMb()).isEqualTo(120.0);
        assertThat(g.heapMb()).isEqualTo(120.0);
        assertThat(g.heapSource()).isEqualTo("jvm_gc_live_data_size_bytes");
    }

    @Test
    void withoutAFigureAfterGcTheHeapInUseIsSummedOverHeapPoolsOnly() {
        VaultGauges g = VaultGauges.parse(EXPOSITION.replace("jvm_gc_live_data_size_bytes 1.2582912E8", ""));

        assertThat(g.heapAfterGcMb()).isNull();
        assertThat(g.heapUsedMb()).isEqualTo(140.0);
        assertThat(g.heapSource()).isEqualTo("jvm_memory_used_bytes{area=\"heap\"}");
        assertThat(g.describe()).startsWith("heap used 140.0 MiB (no after-GC figure yet)");
    }

    @Test
    void aLiveDataSizeOfZeroMeansNoCollectionHasReportedYet() {
        VaultGauges g = VaultGauges.parse(EXPOSITION.replace("1.2582912E8", "0.0"));

        assertThat(g.heapAfterGcMb()).isNull();
        assertThat(g.heapMb()).isEqualTo(140.0);
    }

    @Test
    void poolFiguresAreTheDefaultPoolsOnly() {
        VaultGauges g = VaultGauges.parse(EXPOSITION);

        assertThat(g.poolActive()).isEqualTo(3.0);
        assertThat(g.poolIdle()).isEqualTo(13.0);
        assertThat(g.poolQueue()).isZero();
        assertThat(g.describe()).isEqualTo("heap after GC 120.0 MiB  pool active 3 idle 13 queue 0");
    }

    @Test
    void aVaultWhoseMetricsDoNotAnswerHasNoFigures() {
        assertThat(VaultGauges.NONE.heapMb()).isNull();
        assertThat(VaultGauges.NONE.describe()).isEqualTo("heap not measured  pool active – idle – queue –");
    }

    @Test
    void aMetricNameMatchesWholeAndAbsentIsNull() {
        assertThat(Prometheus.sum(EXPOSITION, "sql_pool_active", Map.of())).isEqualTo(43.0);
        assertThat(Prometheus.sum(EXPOSITION, "sql_pool", Map.of())).isNull();
        assertThat(Prometheus.sum(EXPOSITION, "sql_pool_queue_size", Map.of("pool_name", "missing")))
                .isNull();
    }

    @Test
    void quotedCommasAndBracesInLabelsAndExemplarsAfterTheValueAreNotMisread() {
        String tricky = """
                http_server_requests_seconds_count{uri="/a,b}",outcome="SUCCESS"} 5.0 # {trace_id="7"} 1.0 1795689842.7
                http_server_requests_seconds_count{uri="/say \\"hi\\"",outcome="SUCCESS"} 2.0 1795689842000
                http_server_requests_seconds_count{uri="/c",outcome="CLIENT_ERROR"} 9.0
                """;

        assertThat(Prometheus.sum(tricky, "http_server_requests_seconds_count", Map.of("outcome", "SUCCESS")))
                .isEqualTo(7.0);
        assertThat(Prometheus.sum(tricky, "http_server_requests_seconds_count", Map.of("uri", "/say \"hi\"")))
                .isEqualTo(2.0);
    }
}
