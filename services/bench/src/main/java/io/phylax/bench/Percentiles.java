package io.phylax.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a small sample (event latencies, pgbench logs), where a sort is cheap. */
final class Percentiles {

    private Percentiles() {}

    /** The p-th percentile (0 &lt; p &le; 100) of values, or NaN for an empty sample; sorts values in place. */
    static double of(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(values);
        int rank = (int) Math.ceil(p / 100.0 * values.length);
        return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
    }
}
