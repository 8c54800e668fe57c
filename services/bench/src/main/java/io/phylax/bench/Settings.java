package io.phylax.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one run does, from the environment {@code deploy/bench/run} passes (each variable has a default). */
record Settings(
        List<Integer> concurrencies,
        Duration warmup,
        Duration measure,
        Duration latencyWindow,
        String user,
        int jmhIterations,
        int jmhSeconds,
        String restart,
        String peerUrl,
        String peerToken,
        String pgHost,
        int pgPort,
        String pgDatabase,
        String pgUser,
        String pgPassword,
        Path outDir,
        Path repository,
        boolean smoke,
        boolean encryptionOff,
        int coldReads,
        Set<String> phases,
        Duration soakLength,
        int soakConcurrency,
        double soakCreateShare,
        Duration soakInterval) {

    /**
     * What a run can do, in the order it does it: the points with the small Patient and with the clinic's, the soak,
     * the encryption-off points, event latency and JMH. Footprint and the timed restart (BENCH_RESTART) always run.
     */
    static final List<String> PHASES = List.of("small", "clinic", "soak", "off", "latency", "jmh");

    static Settings from(Map<String, String> env) {
        return new Settings(
                Arrays.stream(env.getOrDefault("BENCH_CONCURRENCY", "1,2,4,8,16")
                                .split(","))
                        .map(String::strip)
                        .map(Integer::parseInt)
                        .toList(),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("BENCH_WARMUP", "10"))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("BENCH_DURATION", "30"))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("BENCH_LATENCY_DURATION", "30"))),
                env.getOrDefault("BENCH_USER", "clinic-a-clinician"),
                Integer.parseInt(env.getOrDefault("BENCH_JMH_ITERATIONS", "5")),
                Integer.parseInt(env.getOrDefault("BENCH_JMH_SECONDS", "2")),
                env.getOrDefault("BENCH_RESTART", "phi-vault"),
                blankToNull(env.get("PEER_URL")),
                blankToNull(env.get("PEER_TOKEN")),
                env.getOrDefault("BENCH_PG_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("BENCH_PG_PORT", "15432")),
                env.getOrDefault("BENCH_PG_DATABASE", "phylax_bench"),
                env.getOrDefault("BENCH_PG_USER", "phylax_bench"),
                required(env, "BENCH_PG_PASSWORD"),
                Path.of(required(env, "BENCH_OUT")),
                Path.of(env.getOrDefault("BENCH_REPOSITORY", ".")).toAbsolutePath(),
                "1".equals(env.get("BENCH_SMOKE")),
                !"0".equals(env.getOrDefault("BENCH_ENCRYPTION_OFF", "1"))
                        && phases(env).contains("off"),
                Integer.parseInt(env.getOrDefault("BENCH_COLD_READS", "300")),
                phases(env),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("BENCH_SOAK_SECONDS", "300"))),
                Integer.parseInt(env.getOrDefault("BENCH_SOAK_CONCURRENCY", "16")),
                share(env.getOrDefault("BENCH_SOAK_CREATE_SHARE", "0.25")),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("BENCH_SOAK_INTERVAL", "30"))));
    }

    Settings {
        if (soakLength.isNegative()) {
            throw new IllegalArgumentException("BENCH_SOAK_SECONDS must be 0 (no soak) or more");
        }
        if (soakInterval.isNegative() || soakInterval.isZero()) {
            throw new IllegalArgumentException("BENCH_SOAK_INTERVAL must be at least 1 second");
        }
        if (soakConcurrency < 1) {
            throw new IllegalArgumentException("BENCH_SOAK_CONCURRENCY must be at least 1");
        }
    }

    /** Whether the run includes this phase of {@link #PHASES}. */
    boolean runs(String phase) {
        return phases.contains(phase);
    }

    /** Whether the soak runs: its phase is chosen and BENCH_SOAK_SECONDS is not 0. */
    boolean soaks() {
        return runs("soak") && !soakLength.isZero();
    }

    /** Without the secrets: what the results file records. */
    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("concurrencies", concurrencies);
        d.put("warmupSeconds", warmup.toSeconds());
        d.put("measureSeconds", measure.toSeconds());
        d.put("latencyWindowSeconds", latencyWindow.toSeconds());
        d.put("user", user);
        d.put("jmh", jmhIterations + " x " + jmhSeconds + " s warm-up and measurement, 1 fork");
        d.put("restart", restart);
        // A URL may carry user:password@: never write it into the results.
        d.put("peer", peerUrl == null ? "none" : peerUrl.replaceAll("//[^/@]*@", "//"));
        d.put("smoke", smoke);
        d.put("encryptionOff", encryptionOff);
        d.put("coldReads", coldReads);
        d.put("phases", phases);
        d.put("soakSeconds", soaks() ? soakLength.toSeconds() : 0);
        d.put("soakConcurrency", soakConcurrency);
        d.put("soakCreateShare", soakCreateShare);
        d.put("soakIntervalSeconds", soakInterval.toSeconds());
        return d;
    }

    /** BENCH_PHASES: a comma-separated subset of {@link #PHASES} (default all); run in their own order, not this. */
    private static Set<String> phases(Map<String, String> env) {
        String value = env.getOrDefault("BENCH_PHASES", "");
        if (value.isBlank()) {
            return new LinkedHashSet<>(PHASES);
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String phase : value.split(",")) {
            String p = phase.strip();
            if (!PHASES.contains(p)) {
                // A typo would otherwise run less than asked and still print a full-looking report.
                throw new IllegalArgumentException("BENCH_PHASES: unknown phase '" + p + "'; phases are " + PHASES);
            }
            chosen.add(p);
        }
        return chosen;
    }

    private static double share(String value) {
        double share = Double.parseDouble(value);
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("BENCH_SOAK_CREATE_SHARE must be between 0 and 1, not " + value);
        }
        return share;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set: start the benchmark with `make bench`");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
