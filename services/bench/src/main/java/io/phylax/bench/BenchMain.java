package io.phylax.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.phylax.testkit.LocalStack;

/**
 * {@code make bench}: drives every figure of issue 9's benchmark list in one run, side by side, then prints
 * them and writes {@code results-<time>.json}, a Markdown summary and a PNG plot (ADR 0090).
 */
public final class BenchMain {

    // Metric names the vault may expose for key-service calls; the first one found is used.
    private static final List<String> KEY_CALL_METRICS =
            List.of("phylax_vault_key_service_calls_total", "phylax_vault_key_unwraps_total");
    private static final int MAX_IDS = 200_000;

    private final Settings settings;
    private final LocalStack stack = LocalStack.get();
    private final Results results = new Results();

    private BenchMain(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        new BenchMain(Settings.from(System.getenv())).run();
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(started);
        Path work = Files.createDirectories(settings.outDir().resolve("work-" + stamp));
        results.startedAt = started.toString();
        results.settings = settings.describe();
        results.machine = Results.machine();

        Footprint footprint = new Footprint(stack.stateDir());
        results.rssIdleMb = footprint.rssNowMb();
        results.startupFromLogsSeconds = footprint.startupFromLogs();

        String vaultUrl = stack.env("PHYLAX_VAULT_URL");
        TokenSource tokens = new TokenSource(settings.user());
        PatientEndpoint vault = PatientEndpoint.vault(vaultUrl, tokens);
        PatientEndpoint peer =
                settings.peerUrl() == null ? null : PatientEndpoint.peer(settings.peerUrl(), settings.peerToken());

        // Shape of a registration, measured on the real stack: what pgbench must insert to be comparable.
        log("warming up the vault and measuring what one registration stores");
        List<String> vaultIds = Collections.synchronizedList(new ArrayList<>());
        LoadDriver.run("vault-warmup", 2, Duration.ZERO, settings.warmup(), w -> created(vault, vaultIds), Map::of);
        if (vaultIds.isEmpty()) {
            throw new IllegalStateException(
                    "the vault registered no patient during warm-up; failures by status: " + vault.failures());
        }
        results.synchronousCommit = StackProbe.vaultSynchronousCommit();
        results.rowShapes = StackProbe.rowShapes(vaultIds.subList(0, Math.min(500, vaultIds.size())));
        PgBench pgbench = new PgBench(
                settings.pgHost(),
                settings.pgPort(),
                settings.pgDatabase(),
                settings.pgUser(),
                settings.pgPassword(),
                results.synchronousCommit,
                work);
        pgbench.createTables(results.rowShapes);
        Path writeScript = pgbench.writeScript(results.rowShapes);

        footprint.startSampling();
        List<String> peerIds = Collections.synchronizedList(new ArrayList<>());
        for (int c : settings.concurrencies()) {
            results.add(point("vault-write", c, vault, w -> created(vault, vaultIds)));
            results.add(pgbench.run("pg-write", writeScript, c, settings.warmup(), settings.measure(), 1.0));
            if (peer != null) {
                results.add(point("peer-write", c, peer, w -> created(peer, peerIds)));
            }
        }
        Path readScript = pgbench.readScript(results.rowShapes.stream()
                .filter(s -> s.table().equals("stream_state"))
                .findFirst()
                .orElseThrow());
        Double keyCallsBefore = keyServiceCalls(vaultUrl);
        long readsBefore = 0;
        for (int c : settings.concurrencies()) {
            PointResult read = point("vault-read", c, vault, w -> vault.read(any(vaultIds)));
            readsBefore += read.operations();
            results.add(read);
            // Tens of thousands of SELECTs per second: a 10% sample of transactions is plenty for p50/p99.
            results.add(pgbench.run("pg-read", readScript, c, settings.warmup(), settings.measure(), 0.1));
            if (peer != null && !peerIds.isEmpty()) {
                results.add(point("peer-read", c, peer, w -> peer.read(any(peerIds))));
            }
        }
        Double keyCallsAfter = keyServiceCalls(vaultUrl);
        results.keyServiceCallsPer1000Reads = keyCallsBefore == null || keyCallsAfter == null
                ? null
                : (keyCallsAfter - keyCallsBefore) * 1000.0 / Math.max(1, readsBefore);
        footprint.stopSampling();
        results.rssUnderLoadMb = footprint.peakMb();

        eventLatency(vault);

        log("JMH on the cipher path");
        results.cipherMicros = CipherCost.measure(settings.jmhIterations(), settings.jmhSeconds());

        if (!"none".equals(settings.restart())) {
            log("restarting " + settings.restart() + " through the stack script to time its start-up");
            int port = URI.create(settings.restart().equals("phi-vault") ? vaultUrl : serviceUrl(settings.restart()))
                    .getPort();
            results.restartSeconds = Map.of(
                    settings.restart(),
                    footprint.restart(
                            settings.restart(), settings.repository(), "http://127.0.0.1:" + port + "/q/health/ready"));
        }

        results.finish();
        Path json = settings.outDir().resolve("results-" + stamp + ".json");
        Path markdown = settings.outDir().resolve("results-" + stamp + ".md");
        Path png = settings.outDir().resolve("throughput-" + stamp + ".png");
        results.writeJson(json);
        Files.writeString(markdown, results.markdown(png.getFileName().toString()));
        Plot.write(results.points, png);
        System.out.println(results.markdown(png.getFileName().toString()));
        System.out.println("results: " + json + "\nsummary: " + markdown + "\nplot:    " + png);
    }

    private PointResult point(String series, int c, PatientEndpoint endpoint, LoadDriver.Call call) {
        log(series + " at concurrency " + c);
        endpoint.resetFailures();
        return LoadDriver.run(series, c, settings.warmup(), settings.measure(), call, endpoint::failures);
    }

    /**
     * Registrations paced at half the peak measured write rate, then the time from each one's outbox row to its
     * audit row, once the audit store holds all of them (or two minutes have passed).
     */
    private void eventLatency(PatientEndpoint vault) throws Exception {
        double peak = results.points.stream()
                .filter(p -> p.series().equals("vault-write") && !p.invalid())
                .mapToDouble(PointResult::perSecond)
                .max()
                .orElse(0);
        double rate = Math.max(1, peak / 2);
        log(String.format("event latency at %.0f registrations/s (half the peak)", rate));
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime() + 100_000_000L;
        long end = start + settings.latencyWindow().toNanos();
        AtomicLong ticket = new AtomicLong();
        int workers = Math.max(
                4, settings.concurrencies().stream().mapToInt(i -> i).max().orElse(4));
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (true) {
                    long due = start + ticket.getAndIncrement() * intervalNanos;
                    if (due >= end) {
                        return;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    created(vault, ids);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double[] latencies = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (latencies == null && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            latencies = StackProbe.commitToAuditMillis(ids);
        }
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("targetPerSecond", rate);
        figure.put("achievedPerSecond", ids.size() / (settings.latencyWindow().toNanos() / 1e9));
        figure.put("events", ids.size());
        if (latencies == null) {
            figure.put("error", "the audit store did not hold every event within two minutes");
        } else {
            figure.put("p50Ms", Percentiles.of(latencies, 50));
            figure.put("p99Ms", Percentiles.of(latencies, 99));
        }
        results.eventLatency = figure;
    }

    private static boolean created(PatientEndpoint endpoint, List<String> ids) {
        String id = endpoint.create(SyntheticPatients.patient());
        if (id != null && ids.size() < MAX_IDS) {
            ids.add(id);
        }
        return id != null;
    }

    private static String any(List<String> ids) {
        return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
    }

    private String serviceUrl(String service) {
        return stack.env("PHYLAX_" + service.toUpperCase().replace('-', '_') + "_URL");
    }

    /** The vault's key-service call counter, if it exposes one; null (documented as such) if not. */
    private static Double keyServiceCalls(String vaultUrl) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(vaultUrl + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return null;
            }
            for (String name : KEY_CALL_METRICS) {
                double sum = 0;
                boolean found = false;
                for (String line : r.body().lines().toList()) {
                    if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        found = true;
                    }
                }
                if (found) {
                    return sum;
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static void log(String message) {
        System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + message);
    }
}
