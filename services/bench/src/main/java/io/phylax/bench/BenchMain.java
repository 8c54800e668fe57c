package io.phylax.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.phylax.testkit.LocalStack;

/**
 * {@code make bench}: drives every figure of issue 9's benchmark list and issue 15's (the clinic Patient, the
 * soak) in one run, side by side, then prints them and writes {@code results-<time>.json}, a Markdown summary
 * and a PNG plot (ADR 0090).
 */
public final class BenchMain {

    // How deploy/local restarts the vault for the encryption-off points: the bench profile (after prod, so prod's
    // settings still hold) and the benchmark-only mode the vault refuses in any other profile (ADR 0090).
    static final String ENCRYPTION_OFF_JAVA_OPTS = "-Dquarkus.profile=prod,bench -Dphylax.vault.crypto.mode=none";
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

        results.patients = new LinkedHashMap<>();
        for (BenchPatient patient : BenchPatient.values()) {
            results.patients.put(patient.label(), patient.describe());
        }
        results.synchronousCommit = StackProbe.vaultSynchronousCommit();
        PgBench pgbench = new PgBench(
                settings.pgHost(),
                settings.pgPort(),
                settings.pgDatabase(),
                settings.pgUser(),
                settings.pgPassword(),
                results.synchronousCommit,
                work);

        footprint.startSampling();
        // Subjects registered with encryption on, per Patient: read back by the points, the soak and the cold reads.
        Map<BenchPatient, List<String>> registered = new EnumMap<>(BenchPatient.class);
        for (BenchPatient patient : BenchPatient.values()) {
            registered.put(patient, Collections.synchronizedList(new ArrayList<>()));
            if (settings.runs(patient.label())) {
                patientPoints(
                        patient,
                        vault,
                        vaultUrl,
                        peer,
                        tokens,
                        patient == BenchPatient.SMALL ? pgbench : pgbench.labelled(patient.label()),
                        registered.get(patient));
            }
        }
        if (settings.soaks()) {
            soak(vault, vaultUrl, registered.get(BenchPatient.CLINIC));
        }
        footprint.stopSampling();
        results.rssUnderLoadMb = footprint.peakMb();

        String vaultHealth = vaultUrl + "/q/health/ready";
        boolean vaultRestarted = false;
        if (settings.encryptionOff()) {
            try {
                encryptionOff(vault, vaultUrl, footprint);
            } finally {
                // Always back to the normal vault, even if a point failed; deploy/bench/run checks again on exit.
                log("restarting phi-vault normally (encryption on) through the stack script");
                results.restartSeconds.put(
                        "phi-vault", footprint.restart("phi-vault", settings.repository(), vaultHealth, null));
            }
            vaultRestarted = true;
        } else if ("phi-vault".equals(settings.restart())) {
            log("restarting phi-vault through the stack script to time its start-up");
            results.restartSeconds.put(
                    "phi-vault", footprint.restart("phi-vault", settings.repository(), vaultHealth, null));
            vaultRestarted = true;
        }
        if (vaultRestarted) {
            List<String> encrypted = new ArrayList<>();
            registered.values().forEach(ids -> {
                synchronized (ids) {
                    encrypted.addAll(ids);
                }
            });
            coldReads(vault, vaultUrl, encrypted);
        } else {
            results.keyServiceColdReads = Map.of("note", "not measured: the vault was not restarted in this run");
        }

        if (settings.runs("latency")) {
            eventLatency(vault);
        } else {
            results.eventLatency = Map.of("note", "not measured: not in BENCH_PHASES");
        }

        if (settings.runs("jmh")) {
            log("JMH on the cipher path");
            results.cipherMicros = CipherCost.measure(settings.jmhIterations(), settings.jmhSeconds());
        }

        if (!"none".equals(settings.restart()) && !"phi-vault".equals(settings.restart())) {
            log("restarting " + settings.restart() + " through the stack script to time its start-up");
            int port = URI.create(serviceUrl(settings.restart())).getPort();
            results.restartSeconds.put(
                    settings.restart(),
                    footprint.restart(
                            settings.restart(),
                            settings.repository(),
                            "http://127.0.0.1:" + port + "/q/health/ready",
                            null));
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

    /**
     * The write and read points with one Patient: a warm-up that also measures what one registration stores (the
     * rows pgbench must insert to be comparable), then at each concurrency the vault, pgbench and the peer writing,
     * then reading (the vault and the peer read back subjects registered with this Patient).
     */
    private void patientPoints(
            BenchPatient patient,
            PatientEndpoint vault,
            String vaultUrl,
            PatientEndpoint peer,
            TokenSource tokens,
            PgBench pgbench,
            List<String> vaultIds)
            throws Exception {
        log(patient.describe() + ": warming up the vault and measuring what one registration stores");
        LoadDriver.run(
                patient.series("vault-warmup"),
                2,
                Duration.ZERO,
                settings.warmup(),
                w -> created(vault, patient, vaultIds),
                Map::of);
        if (vaultIds.isEmpty()) {
            throw new IllegalStateException("the vault registered no " + patient.describe()
                    + " during warm-up; failures by status: " + vault.failures());
        }
        List<PgBench.RowShape> shapes =
                StackProbe.rowShapes(tokens.tenant(), vaultIds.subList(0, Math.min(500, vaultIds.size())));
        if (patient == BenchPatient.SMALL) {
            results.rowShapes = shapes;
        } else {
            results.clinicRowShapes = shapes;
        }
        pgbench.createTables(shapes);
        Path writeScript = pgbench.writeScript(shapes);

        List<String> peerIds = Collections.synchronizedList(new ArrayList<>());
        for (int c : settings.concurrencies()) {
            results.add(point(patient.series("vault-write"), c, vault, w -> created(vault, patient, vaultIds)));
            results.add(pgbench.run(
                    patient.series("pg-write"), writeScript, c, settings.warmup(), settings.measure(), 1.0));
            if (peer != null) {
                results.add(point(patient.series("peer-write"), c, peer, w -> created(peer, patient, peerIds)));
            }
        }
        Path readScript = pgbench.readScript(shapes.stream()
                .filter(s -> s.table().equals("stream_state"))
                .findFirst()
                .orElseThrow());
        // Every answered read counts, warm-ups included: the counter counts their key-service calls too. The
        // figure stays the small Patient's, as in the runs before the clinic Patient.
        LongAdder reads = new LongAdder();
        Double keyCallsBefore = KeyServiceCalls.read(vaultUrl);
        for (int c : settings.concurrencies()) {
            results.add(point(patient.series("vault-read"), c, vault, w -> counted(vault.read(any(vaultIds)), reads)));
            // Tens of thousands of SELECTs per second: a 10% sample of transactions is plenty for p50/p99.
            results.add(
                    pgbench.run(patient.series("pg-read"), readScript, c, settings.warmup(), settings.measure(), 0.1));
            if (peer != null && !peerIds.isEmpty()) {
                results.add(point(patient.series("peer-read"), c, peer, w -> peer.read(any(peerIds))));
            }
        }
        if (patient == BenchPatient.SMALL) {
            results.keyServiceCallsPer1000Reads =
                    KeyServiceCalls.per1000(keyCallsBefore, KeyServiceCalls.read(vaultUrl), reads.sum());
            log("key-service calls per 1,000 reads, warm cache: " + results.keyServiceCallsPer1000Reads);
        }
    }

    /**
     * The soak: clinic Patients registered (each with its own Idempotency-Key) and read back, mixed, at one
     * concurrency for minutes, with one row per interval and the trend from the first full interval to the last.
     */
    private void soak(PatientEndpoint vault, String vaultUrl, List<String> ids) {
        log(String.format(
                Locale.ROOT,
                "soak: %d s (after %d s warm-up) at %d connections, %.0f%% creates of the %s, the rest reads; "
                        + "a row every %d s",
                settings.soakLength().toSeconds(),
                settings.warmup().toSeconds(),
                settings.soakConcurrency(),
                settings.soakCreateShare() * 100,
                BenchPatient.CLINIC.describe(),
                settings.soakInterval().toSeconds()));
        vault.resetFailures();
        Soak soak = new Soak(
                settings.soakConcurrency(),
                settings.soakCreateShare(),
                settings.warmup(),
                settings.soakLength(),
                settings.soakInterval());
        results.soak = soak.run(
                new Soak.Requests() {
                    @Override
                    public boolean create() {
                        return created(vault, BenchPatient.CLINIC, ids);
                    }

                    @Override
                    public boolean readable() {
                        return !ids.isEmpty();
                    }

                    @Override
                    public boolean read() {
                        return vault.read(any(ids));
                    }
                },
                vault::failures,
                () -> VaultGauges.read(vaultUrl),
                row -> log(Soak.line(row)));
        results.soakTrend = Soak.trend(results.soak);
        log(Soak.verdict(results.soakTrend));
    }

    /**
     * The same write and read points with encryption off: the vault restarted through the stack script in the
     * bench profile with {@code phylax.vault.crypto.mode=none}, writing and reading only its own new subjects
     * (deploy/bench/run deletes them afterwards). The caller restarts the vault normally, whatever happens here.
     */
    private void encryptionOff(PatientEndpoint vault, String vaultUrl, Footprint footprint) throws Exception {
        log("restarting phi-vault in the bench profile with encryption off (" + ENCRYPTION_OFF_JAVA_OPTS + ")");
        footprint.restart("phi-vault", settings.repository(), vaultUrl + "/q/health/ready", ENCRYPTION_OFF_JAVA_OPTS);
        if (!footprint.logSays("phi-vault", "ENCRYPTION OFF")) {
            // Without the vault's own warning the figures below would be labelled "off" while measuring "on".
            throw new IllegalStateException("phi-vault did not log that encryption is off; no encryption-off figures");
        }
        List<String> plainIds = Collections.synchronizedList(new ArrayList<>());
        LoadDriver.run(
                "vault-off-warmup",
                2,
                Duration.ZERO,
                settings.warmup(),
                w -> created(vault, BenchPatient.SMALL, plainIds),
                Map::of);
        if (plainIds.isEmpty()) {
            throw new IllegalStateException("the encryption-off vault registered no patient during warm-up; "
                    + "failures by status: " + vault.failures());
        }
        for (int c : settings.concurrencies()) {
            results.add(point("vault-off-write", c, vault, w -> created(vault, BenchPatient.SMALL, plainIds)));
        }
        LongAdder reads = new LongAdder();
        Double before = KeyServiceCalls.read(vaultUrl);
        for (int c : settings.concurrencies()) {
            results.add(point("vault-off-read", c, vault, w -> counted(vault.read(any(plainIds)), reads)));
        }
        results.keyServiceCallsPer1000ReadsEncryptionOff =
                KeyServiceCalls.per1000(before, KeyServiceCalls.read(vaultUrl), reads.sum());
        log("key-service calls per 1,000 reads, encryption off: " + results.keyServiceCallsPer1000ReadsEncryptionOff);
    }

    /**
     * Key-service calls per 1,000 reads with a cold cache: right after the vault restarted, each subject this run
     * registered with encryption on is read once, so every read has to unwrap its data key first.
     */
    private void coldReads(PatientEndpoint vault, String vaultUrl, List<String> ids) {
        List<String> batch;
        synchronized (ids) {
            batch = ids.stream().distinct().limit(settings.coldReads()).toList();
        }
        log("cold cache: reading " + batch.size() + " subjects once each, right after the vault restart");
        vault.resetFailures();
        Double before = KeyServiceCalls.read(vaultUrl);
        double[] millis = new double[batch.size()];
        int ok = 0;
        for (String id : batch) {
            long start = System.nanoTime();
            if (vault.read(id)) {
                millis[ok++] = (System.nanoTime() - start) / 1e6;
            }
        }
        Double after = KeyServiceCalls.read(vaultUrl);
        double[] answered = java.util.Arrays.copyOf(millis, ok);
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("subjects", batch.size());
        figure.put("reads", ok);
        figure.put("failures", vault.failures().toString());
        figure.put("keyServiceCalls", before == null || after == null ? null : after - before);
        figure.put("per1000Reads", KeyServiceCalls.per1000(before, after, ok));
        figure.put("p50Ms", Percentiles.of(answered.clone(), 50));
        figure.put("p99Ms", Percentiles.of(answered, 99));
        results.keyServiceColdReads = figure;
        log("key-service calls per 1,000 reads, cold cache: " + figure);
    }

    private static boolean counted(boolean answered, LongAdder reads) {
        if (answered) {
            reads.increment();
        }
        return answered;
    }

    private PointResult point(String series, int c, PatientEndpoint endpoint, LoadDriver.Call call) {
        log(series + " at concurrency " + c);
        endpoint.resetFailures();
        return LoadDriver.run(series, c, settings.warmup(), settings.measure(), call, endpoint::failures);
    }

    /**
     * Registrations of the small Patient paced at half its peak measured write rate, then the time from each one's
     * outbox row to its audit row, once the audit store holds all of them (or two minutes have passed).
     */
    private void eventLatency(PatientEndpoint vault) throws Exception {
        double peak = results.points.stream()
                .filter(p -> p.series().equals("vault-write") && !p.invalid())
                .mapToDouble(PointResult::perSecond)
                .max()
                .orElse(0);
        if (peak == 0) {
            results.eventLatency = Map.of("note", "not measured: no valid write point of the small Patient to pace by");
            return;
        }
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
                    created(vault, BenchPatient.SMALL, ids);
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

    private static boolean created(PatientEndpoint endpoint, BenchPatient patient, List<String> ids) {
        String id = endpoint.create(patient.json(), patient.idempotencyKey());
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

    static void log(String message) {
        System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + message);
    }
}
