package io.phylax.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The soak: minutes of closed-loop registrations mixed with reads of the subjects registered so far, one row of
 * figures per interval with the vault's heap after GC and its pool, so a leak or a slowdown as the tables grow
 * shows as a trend between the first and the last interval. Figures only, never a pass or a fail.
 */
final class Soak {

    /** What the soak sends. */
    interface Requests {

        /** Registers a subject; true if the vault created it. */
        boolean create();

        /** Whether a subject has been registered yet that {@link #read()} can read back. */
        boolean readable();

        /** Reads one of the subjects registered so far; true if the vault answered it. */
        boolean read();
    }

    /**
     * One interval. Calls count in the interval they finish in; failed calls count only in the failures.
     *
     * @param elapsedSeconds where the interval ends, from the end of the warm-up
     * @param seconds its length as measured (the rates' divisor)
     * @param full false only for a shorter last interval, when the soak is no multiple of the interval
     * @param failures failed calls in the interval per HTTP status ({@code -1}: no answer, {@code 0}: created
     *     without a usable id), as in {@link PointResult}
     * @param non2xx calls answered with a status of 300 or more
     * @param transportErrors calls that got no answer (connection refused or reset, timeout)
     */
    record Interval(
            double elapsedSeconds,
            double seconds,
            boolean full,
            double createsPerSecond,
            double createP50Ms,
            double createP99Ms,
            double readsPerSecond,
            double readP50Ms,
            double readP99Ms,
            long non2xx,
            long transportErrors,
            Map<Integer, Long> failures,
            VaultGauges vault) {

        double requestsPerSecond() {
            return createsPerSecond + readsPerSecond;
        }
    }

    private final int concurrency;
    private final double createShare;
    private final Duration warmup;
    private final Duration length;
    private final Duration interval;

    Soak(int concurrency, double createShare, Duration warmup, Duration length, Duration interval) {
        this.concurrency = concurrency;
        this.createShare = createShare;
        this.warmup = warmup;
        this.length = length;
        this.interval = interval;
    }

    /**
     * Runs the warm-up (uncounted), then the soak, handing each interval's row to {@code onRow} as it closes;
     * returns every row. {@code failures} are the endpoint's counts so far, {@code gauges} the vault's now.
     */
    List<Interval> run(
            Requests requests,
            Supplier<Map<Integer, Long>> failures,
            Supplier<VaultGauges> gauges,
            Consumer<Interval> onRow) {
        // Microseconds, three significant digits; a Recorder hands over each interval's histogram while workers
        // keep recording, without a lock on their path.
        Recorder creates = new Recorder(3);
        Recorder reads = new Recorder(3);
        long measureStart = System.nanoTime() + warmup.toNanos();
        long lengthNanos = length.toNanos();
        long end = measureStart + lengthNanos;
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(Thread.ofPlatform().name("bench-soak-" + w).start(() -> {
                long n = 0;
                while (System.nanoTime() < end) {
                    // A soak run on its own starts with no subjects: each worker registers before it reads.
                    boolean create = createsAt(n++, createShare) || !requests.readable();
                    long sent = System.nanoTime();
                    boolean ok = create ? requests.create() : requests.read();
                    if (ok) {
                        (create ? creates : reads).recordValue(Math.max(1, (System.nanoTime() - sent) / 1_000));
                    }
                }
            }));
        }
        List<Interval> rows = new ArrayList<>();
        try {
            sleepUntil(measureStart);
            creates.reset();
            reads.reset();
            Map<Integer, Long> before = failures.get();
            long from = System.nanoTime();
            for (long planned = interval.toNanos(); ; planned += interval.toNanos()) {
                long boundary = measureStart + Math.min(planned, lengthNanos);
                sleepUntil(boundary);
                Histogram created = creates.getIntervalHistogram();
                Histogram read = reads.getIntervalHistogram();
                long now = System.nanoTime();
                Map<Integer, Long> after = failures.get();
                Interval row = interval(
                        (boundary - measureStart) / 1e9,
                        (now - from) / 1e9,
                        planned <= lengthNanos,
                        created,
                        read,
                        since(before, after),
                        gauges.get());
                rows.add(row);
                onRow.accept(row);
                before = after;
                from = now;
                if (planned >= lengthNanos) {
                    break;
                }
            }
        } finally {
            // Calls still in flight finish into histograms nobody reads: they ended after the soak.
            for (Thread worker : workers) {
                join(worker);
            }
        }
        return rows;
    }

    /** Whether a worker's n-th request (from 0) is a create: evenly spread, {@code share} of them in all. */
    static boolean createsAt(long n, double share) {
        return Math.floor((n + 1) * share) > Math.floor(n * share);
    }

    /** One interval's row from its histograms (µs) and failures; a percentile of no calls is NaN, not 0. */
    static Interval interval(
            double elapsedSeconds,
            double seconds,
            boolean full,
            Histogram creates,
            Histogram reads,
            Map<Integer, Long> failures,
            VaultGauges vault) {
        long non2xx = failures.entrySet().stream()
                .filter(e -> e.getKey() >= 300)
                .mapToLong(Map.Entry::getValue)
                .sum();
        return new Interval(
                elapsedSeconds,
                seconds,
                full,
                creates.getTotalCount() / seconds,
                millis(creates, 50),
                millis(creates, 99),
                reads.getTotalCount() / seconds,
                millis(reads, 50),
                millis(reads, 99),
                non2xx,
                failures.getOrDefault(-1, 0L),
                failures,
                vault);
    }

    /** Failures per status between two readings of an endpoint's running counts; statuses without any left out. */
    static Map<Integer, Long> since(Map<Integer, Long> before, Map<Integer, Long> after) {
        Map<Integer, Long> delta = new TreeMap<>();
        after.forEach((status, n) -> {
            long d = n - before.getOrDefault(status, 0L);
            if (d > 0) {
                delta.put(status, d);
            }
        });
        return delta;
    }

    /**
     * The first full interval against the last full one: the change in throughput and in the vault's heap, in
     * percent. The heap compares figures after GC when both rows have one, else the heap in use at both ends.
     */
    static Map<String, Object> trend(List<Interval> rows) {
        List<Interval> full = rows.stream().filter(Interval::full).toList();
        Map<String, Object> t = new LinkedHashMap<>();
        if (full.size() < 2) {
            t.put("note", "fewer than two full intervals: no trend");
            return t;
        }
        Interval first = full.getFirst();
        Interval last = full.getLast();
        t.put("firstIntervalEndsAtSeconds", first.elapsedSeconds());
        t.put("lastIntervalEndsAtSeconds", last.elapsedSeconds());
        t.put("requestsPerSecondFirst", first.requestsPerSecond());
        t.put("requestsPerSecondLast", last.requestsPerSecond());
        putChange(t, "requestsPerSecondChangePercent", first.requestsPerSecond(), last.requestsPerSecond());
        t.put("createsPerSecondFirst", first.createsPerSecond());
        t.put("createsPerSecondLast", last.createsPerSecond());
        putChange(t, "createsPerSecondChangePercent", first.createsPerSecond(), last.createsPerSecond());
        t.put("readsPerSecondFirst", first.readsPerSecond());
        t.put("readsPerSecondLast", last.readsPerSecond());
        putChange(t, "readsPerSecondChangePercent", first.readsPerSecond(), last.readsPerSecond());
        Double heapFirst = first.vault().heapAfterGcMb();
        Double heapLast = last.vault().heapAfterGcMb();
        String source = VaultGauges.LIVE_DATA;
        if (heapFirst == null || heapLast == null) {
            heapFirst = first.vault().heapUsedMb();
            heapLast = last.vault().heapUsedMb();
            source = VaultGauges.HEAP_USED;
        }
        if (heapFirst == null || heapLast == null) {
            t.put("heapSource", "not measured: the vault's /q/metrics did not answer");
        } else {
            t.put("heapSource", source);
            t.put("heapFirstMb", heapFirst);
            t.put("heapLastMb", heapLast);
            putChange(t, "heapChangePercent", heapFirst, heapLast);
        }
        return t;
    }

    /** The soak's last console line, from {@link #trend(List)}. */
    static String verdict(Map<String, Object> trend) {
        if (trend.containsKey("note")) {
            return "soak trend: " + trend.get("note");
        }
        String heap = trend.containsKey("heapFirstMb")
                ? String.format(
                        Locale.ROOT,
                        "%s %.1f → %.1f MiB (%s)",
                        VaultGauges.LIVE_DATA.equals(trend.get("heapSource"))
                                ? "heap after GC"
                                : "heap used (no after-GC figure at both ends)",
                        trend.get("heapFirstMb"),
                        trend.get("heapLastMb"),
                        percent(trend.get("heapChangePercent")))
                : "heap " + trend.get("heapSource");
        return String.format(
                Locale.ROOT,
                "soak trend, first full interval (to %.0f s) against the last (to %.0f s): requests %.1f → %.1f/s "
                        + "(%s), creates %.1f → %.1f/s (%s), reads %.1f → %.1f/s (%s); %s",
                trend.get("firstIntervalEndsAtSeconds"),
                trend.get("lastIntervalEndsAtSeconds"),
                trend.get("requestsPerSecondFirst"),
                trend.get("requestsPerSecondLast"),
                percent(trend.get("requestsPerSecondChangePercent")),
                trend.get("createsPerSecondFirst"),
                trend.get("createsPerSecondLast"),
                percent(trend.get("createsPerSecondChangePercent")),
                trend.get("readsPerSecondFirst"),
                trend.get("readsPerSecondLast"),
                percent(trend.get("readsPerSecondChangePercent")),
                heap);
    }

    /** One interval's console line. */
    static String line(Interval r) {
        return String.format(
                Locale.ROOT,
                "soak %5.0f s  creates %6.1f/s p50 %6.2f p99 %7.2f ms  reads %6.1f/s p50 %6.2f p99 %7.2f ms  "
                        + "non-2xx %d  transport %d  %s",
                r.elapsedSeconds(),
                r.createsPerSecond(),
                r.createP50Ms(),
                r.createP99Ms(),
                r.readsPerSecond(),
                r.readP50Ms(),
                r.readP99Ms(),
                r.non2xx(),
                r.transportErrors(),
                r.vault().describe());
    }

    /** A change from first to last in percent; none when first is 0 (no base to compare with). */
    private static void putChange(Map<String, Object> t, String key, double first, double last) {
        if (first != 0) {
            t.put(key, (last - first) * 100.0 / first);
        }
    }

    private static String percent(Object change) {
        return change == null ? "no base" : String.format(Locale.ROOT, "%+.1f%%", (Double) change);
    }

    private static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static void sleepUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while the soak ran");
            }
        }
    }

    private static void join(Thread worker) {
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the soak ran", e);
        }
    }
}
