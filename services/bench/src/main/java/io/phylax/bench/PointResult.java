package io.phylax.bench;

import java.util.Map;

/**
 * One measured point: a series (what was driven, e.g. {@code vault-write}) at one concurrency, over the
 * measurement window only (warm-up excluded).
 *
 * @param failures count per HTTP status (or {@code -1} for an I/O failure); never a body
 */
public record PointResult(
        String series,
        int concurrency,
        long operations,
        long errors,
        double seconds,
        double perSecond,
        double p50Ms,
        double p99Ms,
        double meanMs,
        Map<Integer, Long> failures) {

    /** More than 1% of the calls failed: the point measured an outage or a refusal, not the path. */
    public boolean invalid() {
        return errors > 0.01 * (operations + errors);
    }
}
