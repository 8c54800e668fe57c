package io.phylax.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Everything one run measured, the ratios derived from it, and how it is written: JSON for machines, Markdown
 * for people (also printed). Public fields: this is a data bag Jackson writes as it is.
 */
final class Results {

    public String startedAt;
    public Map<String, Object> machine;
    public Map<String, Object> settings;
    public String synchronousCommit;
    public Map<String, String> patients;
    public List<PgBench.RowShape> rowShapes;
    public List<PgBench.RowShape> clinicRowShapes;
    public final List<PointResult> points = new ArrayList<>();
    public Map<String, Double> rssIdleMb;
    public Map<String, Double> rssUnderLoadMb;
    public Map<String, Double> startupFromLogsSeconds;
    public final Map<String, Double> restartSeconds = new LinkedHashMap<>();
    public Map<String, Object> eventLatency;
    public Double keyServiceCallsPer1000Reads;
    public Double keyServiceCallsPer1000ReadsEncryptionOff;
    public Map<String, Object> keyServiceColdReads;
    public String keyServiceCallsNote;
    public Map<String, CipherCost.Cost> cipherMicros;
    public Map<String, Object> encryptionOverhead;
    public List<Map<String, Object>> ratios;
    public List<Soak.Interval> soak;
    public Map<String, Object> soakTrend;

    void add(PointResult point) {
        points.add(point);
        BenchMain.log(String.format(
                Locale.ROOT,
                "%-18s c=%-3d %9.1f/s  p50 %7.2f ms  p99 %7.2f ms  errors %d %s",
                point.series(),
                point.concurrency(),
                point.perSecond(),
                point.p50Ms(),
                point.p99Ms(),
                point.errors(),
                point.failures().isEmpty() ? "" : point.failures()));
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        try {
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).strip()));
            Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal"))
                    .findFirst()
                    .ifPresent(
                            l -> m.put("memory", l.substring(l.indexOf(':') + 1).strip()));
        } catch (IOException e) {
            m.put("cpu", "unknown");
        }
        return m;
    }

    /** Ratios per concurrency (ours over the reference) and the cipher's share of a request. */
    void finish() {
        keyServiceCallsNote = keyServiceCallsPer1000Reads == null
                ? "not measured: the small Patient's read points did not run or the vault's /q/metrics did not answer"
                : "warm: random reads of the subjects this run registered; a replica caches the key of each "
                        + "subject it registers or reads (DataKeys; 10,000 keys, 5 min), so the figure is about "
                        + "1,000 x (1 - 10,000 / subjects registered) once a run registers more than 10,000; "
                        + "cold: each subject read once right after a restart, so about 1,000 (one unwrap per "
                        + "subject)";
        ratios = new ArrayList<>();
        // Grouped by path, then Patient: each size against its own pgbench rows, encryption off and peer.
        for (String kind : List.of("write", "read")) {
            for (BenchPatient patient : BenchPatient.values()) {
                for (PointResult vault : points) {
                    if (vault.series().equals(patient.series("vault-" + kind))) {
                        ratios.add(ratio(kind, patient, vault));
                    }
                }
            }
        }
        if (cipherMicros != null) {
            encryptionOverhead = overhead();
        }
    }

    private Map<String, Object> ratio(String kind, BenchPatient patient, PointResult vault) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("path", kind);
        r.put("patient", patient.label());
        r.put("concurrency", vault.concurrency());
        r.put("vaultPerSecond", vault.perSecond());
        if (vault.invalid()) {
            // A ratio over a point that mostly failed would read as a figure; say why there is none.
            r.put("invalid", vault.errors() + " failed calls " + vault.failures());
            return r;
        }
        find(patient.series("pg-" + kind), vault.concurrency()).ifPresent(pg -> {
            r.put("pgbenchPerSecond", pg.perSecond());
            r.put("vaultOverPgbench", vault.perSecond() / pg.perSecond());
        });
        find(patient.series("vault-off-" + kind), vault.concurrency()).ifPresent(off -> {
            r.put("encryptionOffPerSecond", off.perSecond());
            if (off.invalid()) {
                r.put("encryptionOffInvalid", off.errors() + " failed calls " + off.failures());
            } else {
                r.put("onOverOff", vault.perSecond() / off.perSecond());
            }
        });
        find(patient.series("peer-" + kind), vault.concurrency()).ifPresent(peer -> {
            r.put("peerPerSecond", peer.perSecond());
            r.put("vaultOverPeer", vault.perSecond() / peer.perSecond());
        });
        return r;
    }

    private Map<String, Object> overhead() {
        double seal = micros("sealBody");
        double open = micros("openBody");
        double wrap = micros("newWrappedDataKey");
        double unwrap = micros("unwrapDataKey");
        // A registration seals the event and the projection and wraps a new data key; a read opens the projection.
        double create = 2 * seal + wrap;
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("createCipherMicros", create);
        o.put("readCachedCipherMicros", open);
        o.put("readUncachedCipherMicros", open + unwrap);
        find("vault-write", 1).ifPresent(p -> o.put("createShareOfLatencyAtC1", create / (p.meanMs() * 1000)));
        find("vault-read", 1).ifPresent(p -> {
            o.put("readShareOfLatencyAtC1", open / (p.meanMs() * 1000));
            o.put("uncachedReadShareOfLatencyAtC1", (open + unwrap) / (p.meanMs() * 1000));
        });
        int cpus = Runtime.getRuntime().availableProcessors();
        // At peak the machine's CPUs are the budget: CPU-µs per request = cpus * 1e6 / rate.
        peak("vault-write").ifPresent(p -> o.put("createShareOfCpuAtPeak", create * p.perSecond() / (cpus * 1e6)));
        peak("vault-read").ifPresent(p -> o.put("readShareOfCpuAtPeak", open * p.perSecond() / (cpus * 1e6)));
        o.put(
                "note",
                "JMH on AeadCipher and LocalKeyring in a separate JVM; the measured ratio with encryption switched "
                        + "off in the vault itself is on/off in the ratios");
        return o;
    }

    private double micros(String benchmark) {
        CipherCost.Cost cost = cipherMicros.get(benchmark);
        return cost == null ? Double.NaN : cost.microseconds();
    }

    private Optional<PointResult> find(String series, int concurrency) {
        return points.stream()
                .filter(p -> p.series().equals(series) && p.concurrency() == concurrency)
                .findFirst();
    }

    private Optional<PointResult> peak(String series) {
        return points.stream()
                .filter(p -> p.series().equals(series))
                .max(java.util.Comparator.comparingDouble(PointResult::perSecond));
    }

    void writeJson(Path file) throws IOException {
        // JSON has no NaN: a figure that could not be taken (an empty sample, one JMH iteration) is null.
        SimpleModule finite =
                new SimpleModule().addSerializer(Double.class, FINITE).addSerializer(Double.TYPE, FINITE);
        new ObjectMapper()
                .registerModule(finite)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), this);
    }

    private static final StdSerializer<Double> FINITE = new StdSerializer<>(Double.class) {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    };

    String markdown(String plotName) {
        StringBuilder md = new StringBuilder();
        md.append("# Phylax benchmark, ").append(startedAt).append("\n\n");
        if (Boolean.TRUE.equals(settings.get("smoke"))) {
            md.append("**Smoke run** (short points, shared busy machine): these figures prove the harness, "
                    + "they are not the platform's figures.\n\n");
        }
        md.append("Machine: ")
                .append(machine)
                .append("  \nSettings: ")
                .append(settings)
                .append("  \nsynchronous_commit (vault and pgbench): ")
                .append(synchronousCommit)
                .append("  \nPatients: ")
                .append(patients)
                .append("\n\n");
        md.append(
                "## Throughput and latency\n\n| series | c | ops/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|\n");
        for (PointResult p : points) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f | %.2f | %.2f | %d %s%s |%n",
                    p.series(),
                    p.concurrency(),
                    p.perSecond(),
                    p.p50Ms(),
                    p.p99Ms(),
                    p.errors(),
                    p.failures().isEmpty() ? "" : p.failures(),
                    p.invalid() ? " **invalid point**" : ""));
        }
        md.append("\n## Ratios (vault over reference, same run)\n\n| path | patient | c | vault/s | pgbench/s "
                + "| vault/pgbench | encryption off/s | on/off | peer/s | vault/peer |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : ratios) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.get("path"),
                    r.get("patient"),
                    r.get("concurrency"),
                    num(r.get("vaultPerSecond")),
                    num(r.get("pgbenchPerSecond")),
                    num(r.get("vaultOverPgbench")),
                    num(r.get("encryptionOffPerSecond")),
                    num(r.get("onOverOff")),
                    num(r.get("peerPerSecond")),
                    num(r.get("vaultOverPeer"))));
        }
        soakMarkdown(md);
        md.append("\n## Event latency (outbox row created → audit row received)\n\n");
        bullets(md, eventLatency);
        md.append("\n## Key-service calls per 1,000 reads\n\n")
                .append("- warm cache (encryption on, the read points): ")
                .append(keyServiceCallsPer1000Reads == null ? "not measured" : num(keyServiceCallsPer1000Reads))
                .append("\n- encryption off (the vault must make none for data keys): ")
                .append(
                        keyServiceCallsPer1000ReadsEncryptionOff == null
                                ? "not measured"
                                : num(keyServiceCallsPer1000ReadsEncryptionOff))
                .append("\n- cold cache (right after a restart, each subject read once):\n");
        if (keyServiceColdReads == null) {
            md.append("  not measured\n");
        } else {
            keyServiceColdReads.forEach((k, v) -> md.append("  - ")
                    .append(k)
                    .append(": ")
                    .append(v instanceof Number n ? num(n) : v)
                    .append("\n"));
        }
        md.append("\n").append(keyServiceCallsNote).append("\n");
        md.append("\n## Cipher path (JMH, one thread)\n\n| operation | µs/op | ± (99.9%) |\n|---|---|---|\n");
        (cipherMicros == null ? Map.<String, CipherCost.Cost>of() : cipherMicros)
                .forEach((k, v) -> md.append("| ")
                        .append(k)
                        .append(" | ")
                        .append(num(v.microseconds()))
                        .append(" | ")
                        .append(num(v.error()))
                        .append(" |\n"));
        md.append("\nEncryption overhead (shares are fractions: 0.01 = 1%):\n\n");
        bullets(md, encryptionOverhead);
        md.append("\n## Footprint\n\n| service | RSS idle MiB | RSS under load MiB | start-up s (log) | restart s |\n"
                + "|---|---|---|---|---|\n");
        for (String s : Footprint.SERVICES) {
            md.append("| ")
                    .append(s)
                    .append(" | ")
                    .append(num(rssIdleMb == null ? null : rssIdleMb.get(s)))
                    .append(" | ")
                    .append(num(rssUnderLoadMb == null ? null : rssUnderLoadMb.get(s)))
                    .append(" | ")
                    .append(num(startupFromLogsSeconds == null ? null : startupFromLogsSeconds.get(s)))
                    .append(" | ")
                    .append(num(restartSeconds == null ? null : restartSeconds.get(s)))
                    .append(" |\n");
        }
        md.append("\n## What pgbench inserts per registration (measured on the vault's rows)\n\n"
                + "| patient | vault table | rows per registration | bytes per row |\n|---|---|---|---|\n");
        shapes(md, BenchPatient.SMALL, rowShapes);
        shapes(md, BenchPatient.CLINIC, clinicRowShapes);
        md.append("\n![throughput against concurrency](").append(plotName).append(")\n");
        return md.toString();
    }

    private static void shapes(StringBuilder md, BenchPatient patient, List<PgBench.RowShape> shapes) {
        if (shapes == null) {
            return; // that Patient's points did not run
        }
        shapes.forEach(r -> md.append("| ")
                .append(patient.label())
                .append(" | ")
                .append(r.table())
                .append(" | ")
                .append(num(r.rowsPerCreate()))
                .append(" | ")
                .append(r.bytesPerRow())
                .append(" |\n"));
    }

    private void soakMarkdown(StringBuilder md) {
        md.append("\n## Soak (clinic Patient, closed loop: ")
                .append(settings.get("soakConcurrency"))
                .append(" connections, share of creates ")
                .append(settings.get("soakCreateShare"))
                .append(", the rest reads of the subjects registered so far)\n\n");
        if (soak == null) {
            md.append("not run\n");
            return;
        }
        md.append("| to s | creates/s | create p50 ms | create p99 ms | reads/s | read p50 ms | read p99 ms "
                + "| non-2xx | transport | heap MiB | pool active | pool idle | pool queue |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Soak.Interval r : soak) {
            VaultGauges v = r.vault();
            md.append(String.format(
                    Locale.ROOT,
                    "| %s%s | %s | %s | %s | %s | %s | %s | %d | %d | %s%s | %s | %s | %s |%n",
                    num(r.elapsedSeconds()),
                    r.full() ? "" : String.format(Locale.ROOT, " (%s s)", num(r.seconds())),
                    num(r.createsPerSecond()),
                    num(r.createP50Ms()),
                    num(r.createP99Ms()),
                    num(r.readsPerSecond()),
                    num(r.readP50Ms()),
                    num(r.readP99Ms()),
                    r.non2xx(),
                    r.transportErrors(),
                    num(v.heapMb()),
                    VaultGauges.HEAP_USED.equals(v.heapSource()) ? " (used)" : "",
                    num(v.poolActive()),
                    num(v.poolIdle()),
                    num(v.poolQueue())));
        }
        md.append("\nHeap: after GC (`")
                .append(VaultGauges.LIVE_DATA)
                .append("`); \"(used)\" marks a row without that figure yet, showing `")
                .append(VaultGauges.HEAP_USED)
                .append("` summed instead. Pool: `sql_pool_*{pool_name=\"__vertx.DEFAULT\"}`.\n\n")
                .append(Soak.verdict(soakTrend == null ? Soak.trend(soak) : soakTrend))
                .append("\n");
    }

    /** A map as a Markdown list, numbers rounded; a figure that was not taken says so. */
    private static void bullets(StringBuilder md, Map<String, Object> figures) {
        if (figures == null) {
            md.append("not measured\n");
            return;
        }
        figures.forEach((k, v) -> md.append("- ")
                .append(k)
                .append(": ")
                .append(v instanceof Number n ? num(n) : v)
                .append("\n"));
    }

    private static String num(Object value) {
        if (value == null || !Double.isFinite(((Number) value).doubleValue())) {
            return "–";
        }
        double d = ((Number) value).doubleValue();
        return String.format(Locale.ROOT, d >= 100 ? "%.0f" : "%.3g", d);
    }
}
