package io.phylax.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * A closed-loop load driver: {@code concurrency} threads each send one request, wait for its answer and send
 * the next, for a warm-up and then a measurement window. Only calls that start and finish inside the window
 * count, so warm-up (JIT, connection set-up, caches) and the stragglers at the end stay out of the figures.
 */
final class LoadDriver {

    /** One call; true if the server did what was asked. */
    @FunctionalInterface
    interface Call {
        boolean run(int worker);
    }

    private LoadDriver() {}

    static PointResult run(
            String series,
            int concurrency,
            Duration warmup,
            Duration measure,
            Call call,
            java.util.function.Supplier<Map<Integer, Long>> failures) {
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + measure.toNanos();
        List<Histogram> histograms = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            // Microseconds, three significant digits, resized as needed: exact enough for p99 at these rates.
            Histogram histogram = new Histogram(3);
            histograms.add(histogram);
            int worker = w;
            workers.add(Thread.ofPlatform().name("bench-" + series + "-" + w).start(() -> {
                long now = System.nanoTime();
                while (now < windowEnd) {
                    boolean ok = call.run(worker);
                    long done = System.nanoTime();
                    if (now >= windowStart && done <= windowEnd) {
                        if (ok) {
                            histogram.recordValue(Math.max(1, (done - now) / 1_000));
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                    now = done;
                }
            }));
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + series + " ran", e);
            }
        }
        Histogram all = new Histogram(3);
        histograms.forEach(all::add);
        double seconds = measure.toNanos() / 1e9;
        return new PointResult(
                series,
                concurrency,
                all.getTotalCount(),
                errors.get(),
                seconds,
                all.getTotalCount() / seconds,
                all.getValueAtPercentile(50) / 1000.0,
                all.getValueAtPercentile(99) / 1000.0,
                all.getMean() / 1000.0,
                failures.get());
    }
}
