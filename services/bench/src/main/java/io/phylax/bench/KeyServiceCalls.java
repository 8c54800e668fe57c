package io.phylax.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The vault's count of calls to the key service, {@code phylax_vault_key_service_calls_total{operation}} summed
 * over operations, from its Prometheus endpoint; read before and after a batch of reads.
 */
final class KeyServiceCalls {

    static final String METRIC = "phylax_vault_key_service_calls_total";

    private KeyServiceCalls() {}

    /** The counter now, or null if the vault's metrics do not answer (then: not measured). */
    static Double read(String vaultUrl) {
        try {
            HttpResponse<String> r = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(vaultUrl + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? parse(r.body()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The sum over every label set of the counter in a Prometheus text exposition. Absent means 0: the vault
     * registers each operation's series at its first call, so a freshly started vault has none yet.
     */
    static double parse(String exposition) {
        double sum = 0;
        for (String line : exposition.lines().toList()) {
            if (line.startsWith(METRIC + "{") || line.startsWith(METRIC + " ")) {
                // The value follows the labels; an OpenMetrics exemplar ("# {trace_id=...} 1.0 <time>") may follow it.
                int afterLabels = line.startsWith(METRIC + "{") ? line.indexOf('}') + 1 : METRIC.length();
                sum += Double.parseDouble(line.substring(afterLabels).strip().split("\\s+")[0]);
            }
        }
        return sum;
    }

    /** Calls per 1,000 reads between two readings, or null if either reading is missing or nothing was read. */
    static Double per1000(Double before, Double after, long reads) {
        return before == null || after == null || reads == 0 ? null : (after - before) * 1000.0 / reads;
    }
}
