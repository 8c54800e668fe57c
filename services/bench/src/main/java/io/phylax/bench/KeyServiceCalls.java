package io.phylax.bench;

import java.util.Map;

/**
 * The vault's count of calls to the key service, {@code phylax_vault_key_service_calls_total{operation}} summed
 * over operations, from its Prometheus endpoint; read before and after a batch of reads.
 */
final class KeyServiceCalls {

    static final String METRIC = "phylax_vault_key_service_calls_total";

    private KeyServiceCalls() {}

    /** The counter now, or null if the vault's metrics do not answer (then: not measured). */
    static Double read(String vaultUrl) {
        String exposition = Prometheus.scrape(vaultUrl);
        return exposition == null ? null : parse(exposition);
    }

    /**
     * The sum over every label set of the counter in a Prometheus text exposition. Absent means 0: the vault
     * registers each operation's series at its first call, so a freshly started vault has none yet.
     */
    static double parse(String exposition) {
        Double sum = Prometheus.sum(exposition, METRIC, Map.of());
        return sum == null ? 0 : sum;
    }

    /** Calls per 1,000 reads between two readings, or null if either reading is missing or nothing was read. */
    static Double per1000(Double before, Double after, long reads) {
        return before == null || after == null || reads == 0 ? null : (after - before) * 1000.0 / reads;
    }
}
