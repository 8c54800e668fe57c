package io.phylax.bench;

import java.util.Locale;
import java.util.Map;

/**
 * The vault's heap after GC and its connection pool, from its Prometheus endpoint: what the soak records at the
 * end of each interval beside the throughput, so a leak or a pool that fills up shows as a trend.
 *
 * @param heapAfterGcMb Micrometer's {@code jvm_gc_live_data_size_bytes}: the old generation after the last
 *     collection that shrank it or a major one; null while absent or still 0 (no such collection yet)
 * @param heapUsedMb {@code jvm_memory_used_bytes{area="heap"}} summed over the pools: the heap in use now, the
 *     fallback when there is no figure after GC (it rises and falls with allocation between collections)
 * @param poolActive {@code sql_pool_active{pool_name="__vertx.DEFAULT"}}: connections in use
 * @param poolIdle {@code sql_pool_idle}: connections open and free
 * @param poolQueue {@code sql_pool_queue_size}: requests waiting for a connection
 */
record VaultGauges(Double heapAfterGcMb, Double heapUsedMb, Double poolActive, Double poolIdle, Double poolQueue) {

    static final String LIVE_DATA = "jvm_gc_live_data_size_bytes";
    static final String HEAP_USED = "jvm_memory_used_bytes{area=\"heap\"}";
    static final VaultGauges NONE = new VaultGauges(null, null, null, null, null);
    private static final Map<String, String> POOL = Map.of("pool_name", "__vertx.DEFAULT");
    private static final double MIB = 1024.0 * 1024.0;

    /** The gauges now, or {@link #NONE} if the vault's metrics do not answer. */
    static VaultGauges read(String vaultUrl) {
        String exposition = Prometheus.scrape(vaultUrl);
        return exposition == null ? NONE : parse(exposition);
    }

    static VaultGauges parse(String exposition) {
        Double live = Prometheus.sum(exposition, LIVE_DATA, Map.of());
        Double used = Prometheus.sum(exposition, "jvm_memory_used_bytes", Map.of("area", "heap"));
        return new VaultGauges(
                live == null || live <= 0 ? null : live / MIB,
                used == null ? null : used / MIB,
                Prometheus.sum(exposition, "sql_pool_active", POOL),
                Prometheus.sum(exposition, "sql_pool_idle", POOL),
                Prometheus.sum(exposition, "sql_pool_queue_size", POOL));
    }

    /** The heap figure of a row: after GC when the vault has one, else the heap in use now; null if neither. */
    Double heapMb() {
        return heapAfterGcMb != null ? heapAfterGcMb : heapUsedMb;
    }

    /** Which metric {@link #heapMb()} came from, or null if neither answered. */
    String heapSource() {
        return heapAfterGcMb != null ? LIVE_DATA : heapUsedMb != null ? HEAP_USED : null;
    }

    /** For the console: {@code heap after GC 121.4 MiB  pool active 3 idle 13 queue 0}. */
    String describe() {
        String heap = heapAfterGcMb != null
                ? String.format(Locale.ROOT, "heap after GC %.1f MiB", heapAfterGcMb)
                : heapUsedMb != null
                        ? String.format(Locale.ROOT, "heap used %.1f MiB (no after-GC figure yet)", heapUsedMb)
                        : "heap not measured";
        return heap + "  pool active " + count(poolActive) + " idle " + count(poolIdle) + " queue " + count(poolQueue);
    }

    private static String count(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.0f", value);
    }
}
