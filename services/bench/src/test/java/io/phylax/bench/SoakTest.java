package io.phylax.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The soak's mix, its rows per interval and the trend from the first full interval to the last. */
class SoakTest {

    private static final VaultGauges GC_120 = new VaultGauges(120.0, 180.0, 3.0, 13.0, 0.0);

    @Test
    void oneRequestInFourIsACreateByDefaultEvenlySpread() {
        List<Boolean> first =
                LongStream.range(0, 8).mapToObj(n -> Soak.createsAt(n, 0.25)).toList();

        assertThat(first).containsExactly(false, false, false, true, false, false, false, true);
        assertThat(LongStream.range(0, 10_000).filter(n -> Soak.createsAt(n, 0.1)))
                .hasSize(1_000);
    }

    @Test
    void aShareOfZeroOnlyReadsAndOfOneOnlyCreates() {
        assertThat(LongStream.range(0, 100).noneMatch(n -> Soak.createsAt(n, 0)))
                .isTrue();
        assertThat(LongStream.range(0, 100).allMatch(n -> Soak.createsAt(n, 1))).isTrue();
    }

    @Test
    void anIntervalsRatesAndPercentilesAreItsOwn() {
        Histogram creates = histogram(10_000, 10_000, 20_000, 100_000);
        Histogram reads = histogram(2_000, 2_000, 2_000, 2_000, 2_000, 2_000, 2_000, 4_000);

        Soak.Interval row = Soak.interval(60, 2.0, true, creates, reads, Map.of(503, 2L, -1, 1L, 0, 1L), GC_120);

        assertThat(row.createsPerSecond()).isEqualTo(2.0);
        assertThat(row.readsPerSecond()).isEqualTo(4.0);
        // Three significant digits: HdrHistogram reports the highest value equivalent to the one recorded.
        assertThat(row.createP50Ms()).isCloseTo(10.0, within(0.01));
        assertThat(row.createP99Ms()).isCloseTo(100.0, within(0.1));
        assertThat(row.readP50Ms()).isCloseTo(2.0, within(0.002));
        assertThat(row.non2xx()).isEqualTo(2);
        assertThat(row.transportErrors()).isEqualTo(1);
        assertThat(row.requestsPerSecond()).isEqualTo(6.0);
    }

    @Test
    void anIntervalWithoutCallsHasNoPercentileRatherThanZero() {
        Soak.Interval row = Soak.interval(30, 30, true, histogram(), histogram(), Map.of(), VaultGauges.NONE);

        assertThat(row.createsPerSecond()).isZero();
        assertThat(row.createP50Ms()).isNaN();
        assertThat(row.readP99Ms()).isNaN();
    }

    @Test
    void failuresAreCountedPerIntervalNotSinceTheStart() {
        assertThat(Soak.since(Map.of(503, 4L, -1, 1L), Map.of(503, 6L, -1, 1L, 401, 1L)))
                .containsExactly(Map.entry(401, 1L), Map.entry(503, 2L));
    }

    @Test
    void aShortSoakRecordsEachIntervalAndAShorterLastOne() {
        AtomicLong created = new AtomicLong();
        Map<Integer, Long> failures = new ConcurrentHashMap<>();
        Soak.Requests requests = new Soak.Requests() {
            @Override
            public boolean create() {
                pause();
                created.incrementAndGet();
                return true;
            }

            @Override
            public boolean readable() {
                return created.get() > 0;
            }

            @Override
            public boolean read() {
                pause();
                failures.merge(503, 1L, Long::sum); // every read refused: counted, not timed
                return false;
            }
        };

        List<Soak.Interval> rows = new Soak(
                        2, 0.25, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(200))
                .run(requests, () -> Map.copyOf(failures), () -> GC_120, row -> {});

        assertThat(rows).extracting(Soak.Interval::elapsedSeconds).containsExactly(0.2, 0.4, 0.5);
        assertThat(rows).extracting(Soak.Interval::full).containsExactly(true, true, false);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.createsPerSecond()).isPositive();
            assertThat(r.readsPerSecond()).isZero();
            assertThat(r.non2xx()).isPositive();
        });
        assertThat(rows.getFirst().seconds()).isBetween(0.15, 0.35);
    }

    @Test
    void theTrendComparesTheFirstAndLastFullIntervalsAndLeavesAShortLastOneOut() {
        List<Soak.Interval> rows = List.of(
                row(30, true, 100, 300, GC_120),
                row(60, true, 90, 290, GC_120),
                row(90, true, 80, 240, new VaultGauges(150.0, 200.0, 4.0, 12.0, 1.0)),
                row(100, false, 10, 10, new VaultGauges(300.0, 400.0, 16.0, 0.0, 9.0)));

        Map<String, Object> trend = Soak.trend(rows);

        assertThat(trend)
                .containsEntry("firstIntervalEndsAtSeconds", 30.0)
                .containsEntry("lastIntervalEndsAtSeconds", 90.0)
                .containsEntry("requestsPerSecondChangePercent", -20.0)
                .containsEntry("createsPerSecondChangePercent", -20.0)
                .containsEntry("readsPerSecondChangePercent", -20.0)
                .containsEntry("heapSource", "jvm_gc_live_data_size_bytes")
                .containsEntry("heapChangePercent", 25.0);
        assertThat(Soak.verdict(trend))
                .contains("requests 400.0 → 320.0/s (-20.0%)")
                .contains("heap after GC 120.0 → 150.0 MiB (+25.0%)");
    }

    @Test
    void withoutAFigureAfterGcAtBothEndsTheTrendComparesTheHeapInUseAndSaysSo() {
        List<Soak.Interval> rows = List.of(
                row(30, true, 100, 300, new VaultGauges(null, 200.0, 3.0, 13.0, 0.0)),
                row(60, true, 100, 300, new VaultGauges(110.0, 220.0, 3.0, 13.0, 0.0)));

        Map<String, Object> trend = Soak.trend(rows);

        assertThat(trend).containsEntry("heapSource", "jvm_memory_used_bytes{area=\"heap\"}");
        assertThat(trend.get("heapChangePercent")).isEqualTo(10.0);
        assertThat(Soak.verdict(trend)).contains("heap used (no after-GC figure at both ends) 200.0 → 220.0 MiB");
    }

    @Test
    void fewerThanTwoFullIntervalsGiveNoTrend() {
        Map<String, Object> trend = Soak.trend(List.of(row(30, true, 1, 1, GC_120), row(40, false, 1, 1, GC_120)));

        assertThat(Soak.verdict(trend)).isEqualTo("soak trend: fewer than two full intervals: no trend");
    }

    @Test
    void theConsoleLineCarriesEveryFigureOfTheRow() {
        String line = Soak.line(new Soak.Interval(
                30, 30, true, 45.2, 20.1, 88.0, 135.8, 10.2, 40.3, 1, 2, Map.of(503, 1L, -1, 2L), GC_120));

        assertThat(line)
                .isEqualTo("soak    30 s  creates   45.2/s p50  20.10 p99   88.00 ms  reads  135.8/s p50  10.20 p99   "
                        + "40.30 ms  non-2xx 1  transport 2  heap after GC 120.0 MiB  pool active 3 idle 13 queue 0");
    }

    static Soak.Interval row(double at, boolean full, double creates, double reads, VaultGauges vault) {
        return new Soak.Interval(at, full ? 30 : 10, full, creates, 20, 80, reads, 5, 30, 0, 0, Map.of(), vault);
    }

    private static Histogram histogram(long... micros) {
        Histogram h = new Histogram(3);
        for (long m : micros) {
            h.recordValue(m);
        }
        return h;
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
