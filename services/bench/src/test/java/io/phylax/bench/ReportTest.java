package io.phylax.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The driver's window, the results file, the ratios and the plot. */
class ReportTest {

    @TempDir
    Path dir;

    @Test
    void callsOutsideTheMeasurementWindowAreNotCounted() {
        PointResult point =
                LoadDriver.run("test", 2, Duration.ofMillis(200), Duration.ofMillis(300), w -> sleep(20), Map::of);

        // At most 2 workers x 300 ms / 20 ms calls can start and end inside the window.
        assertThat(point.operations()).isPositive().isLessThanOrEqualTo(30);
        assertThat(point.p50Ms()).isGreaterThanOrEqualTo(19.0);
    }

    @Test
    void refusedCallsAreErrorsNotThroughput() {
        PointResult point =
                LoadDriver.run("test", 1, Duration.ZERO, Duration.ofMillis(100), w -> !sleep(5), () -> Map.of(401, 9L));

        assertThat(point.operations()).isZero();
        assertThat(point.errors()).isPositive();
        assertThat(point.failures()).containsEntry(401, 9L);
    }

    @Test
    void resultsAreStrictJsonWithRatiosAndNoNaN() throws Exception {
        Results results = sample();
        results.finish();
        Path file = dir.resolve("r.json");

        results.writeJson(file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        JsonNode write = json.get("ratios").get(0);
        assertThat(write.get("vaultOverPgbench").asDouble()).isEqualTo(0.25);
        assertThat(write.get("vaultOverPeer").asDouble()).isEqualTo(2.0);
        assertThat(write.get("onOverOff").asDouble()).isEqualTo(0.8);
        assertThat(json.get("points").get(1).get("p99Ms").isNull()).isTrue();
        assertThat(json.get("keyServiceColdReads").get("per1000Reads").asDouble())
                .isEqualTo(1000.0);
        String markdown = results.markdown("plot.png");
        assertThat(markdown).contains("| write | small | 1 | 100 | 400 | 0.250 | 125 | 0.800 | 50.0 | 2.00 |");
        assertThat(markdown)
                .contains("warm cache (encryption on, the read points): 0.00")
                .contains("encryption off (the vault must make none for data keys): 0.00")
                .contains("per1000Reads: 1000");
    }

    @Test
    void plotIsAPngWithBothPanelsAndTheEncryptionOffCurve() throws Exception {
        Path png = dir.resolve("plot.png");

        Plot.write(sample().points, png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isGreaterThan(image.getHeight());
        assertThat(pixelsOf(image, 0xff7f0e)).as("encryption-off series drawn").isPositive();
    }

    @Test
    void anEncryptionOffPointThatMostlyFailedGetsNoRatio() throws Exception {
        Results results = sample();
        results.points.add(new PointResult("vault-off-read", 1, 10, 90, 1, 10, 1, 2, 1, Map.of(503, 90L)));

        results.finish();

        Map<String, Object> read = results.ratios.get(1);
        assertThat(read).containsKey("encryptionOffInvalid").doesNotContainKey("onOverOff");
    }

    @Test
    void eachPatientIsComparedWithItsOwnPgbenchRowsAndTheRatiosKeepThemApart() {
        Results results = sample();
        results.points.add(point("vault-write-clinic", 1, 80, 12));
        results.points.add(point("pg-write-clinic", 1, 320, 3));
        results.points.add(point("vault-read-clinic", 1, 700, 3));

        results.finish();

        assertThat(results.ratios)
                .extracting(r -> r.get("path") + "/" + r.get("patient"))
                .containsExactly("write/small", "write/clinic", "read/small", "read/clinic");
        Map<String, Object> clinicWrite = results.ratios.get(1);
        assertThat(clinicWrite)
                .containsEntry("pgbenchPerSecond", 320.0)
                .containsEntry("vaultOverPgbench", 0.25)
                .doesNotContainKey("onOverOff")
                .doesNotContainKey("peerPerSecond");
        assertThat(results.markdown("plot.png")).contains("| write | clinic | 1 | 80.0 | 320 | 0.250 |");
    }

    @Test
    void soakRowsAndTheirTrendAreInTheJsonAndTheMarkdown() throws Exception {
        Results results = sample();
        VaultGauges early = new VaultGauges(null, 200.0, 3.0, 13.0, 0.0);
        results.soak = List.of(
                SoakTest.row(30, true, 100, 300, early),
                SoakTest.row(60, true, 90, 270, new VaultGauges(130.0, 210.0, 5.0, 11.0, 0.0)),
                new Soak.Interval(
                        65, 5, false, 1, Double.NaN, Double.NaN, 2, 4, 8, 0, 3, Map.of(-1, 3L), VaultGauges.NONE));
        results.soakTrend = Soak.trend(results.soak);
        results.finish();
        Path file = dir.resolve("r.json");

        results.writeJson(file);

        JsonNode soak = new ObjectMapper().readTree(file.toFile()).get("soak");
        assertThat(soak).hasSize(3);
        assertThat(soak.get(2).get("createP50Ms").isNull()).isTrue();
        assertThat(soak.get(2).get("transportErrors").asLong()).isEqualTo(3);
        assertThat(soak.get(1).get("vault").get("heapAfterGcMb").asDouble()).isEqualTo(130.0);
        assertThat(soak.get(0).get("vault").has("heapMb"))
                .as("derived figures stay out")
                .isFalse();
        String markdown = results.markdown("plot.png");
        assertThat(markdown)
                .contains("| 30.0 | 100 | 20.0 | 80.0 | 300 | 5.00 | 30.0 | 0 | 0 | 200 (used) | 3.00 | 13.0 | 0.00 |")
                .contains("| 65.0 (5.00 s) | 1.00 | – | – |")
                .contains(
                        "soak trend, first full interval (to 30 s) against the last (to 60 s): requests 400.0 → 360.0/s");
    }

    @Test
    void plotDrawsTheClinicPatientsCurvesApart() throws Exception {
        Path png = dir.resolve("plot.png");
        List<PointResult> points = new java.util.ArrayList<>(sample().points);
        points.add(point("vault-write-clinic", 1, 80, 12));
        points.add(point("vault-write-clinic", 2, 150, 12));

        Plot.write(points, png);

        assertThat(pixelsOf(ImageIO.read(png.toFile()), 0x9467bd))
                .as("clinic vault series drawn")
                .isPositive();
    }

    private static long pixelsOf(BufferedImage image, int rgb) {
        long n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    private static Results sample() {
        Results results = new Results();
        results.settings = Map.of("smoke", true);
        results.machine = Map.of("cpus", 2);
        results.rowShapes = List.of(new PgBench.RowShape("outbox", 2, 500));
        results.eventLatency = Map.of("p50Ms", 90.0);
        results.cipherMicros = Map.of("sealBody", new CipherCost.Cost(8, Double.NaN));
        results.points.add(point("vault-write", 1, 100, 10));
        results.points.add(point("pg-write", 1, 400, Double.NaN));
        results.points.add(point("peer-write", 1, 50, 20));
        results.points.add(point("vault-read", 1, 800, 2));
        results.points.add(point("vault-off-write", 1, 125, 8));
        results.keyServiceCallsPer1000Reads = 0.0;
        results.keyServiceCallsPer1000ReadsEncryptionOff = 0.0;
        results.keyServiceColdReads = new java.util.LinkedHashMap<>(Map.of("per1000Reads", 1000.0));
        return results;
    }

    private static PointResult point(String series, int c, double rate, double p99) {
        return new PointResult(series, c, (long) rate, 0, 1, rate, p99 / 2, p99, p99 / 2, Map.of());
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
