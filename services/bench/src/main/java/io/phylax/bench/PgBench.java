package io.phylax.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The physical limit of the same PostgreSQL: pgbench running, at the same concurrency and durability as the
 * vault, transactions that insert rows of the sizes a registration writes, and primary-key SELECTs of rows the
 * size of a patient's projection. Everything happens in the scratch database {@code deploy/bench/run} creates
 * and drops; no service's database is touched.
 */
final class PgBench {

    /** The rows one vault registration wrote, per table: how many and how large (bytes, as stored). */
    record RowShape(String table, double rowsPerCreate, int bytesPerRow) {}

    // A bench row's own overhead besides the payload: tuple header 24 + bigint 8 + uuid 16 + varlena header 4.
    private static final int ROW_OVERHEAD = 52;
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String synchronousCommit;
    private final Path workDir;
    private final String label;

    PgBench(String host, int port, String database, String user, String password, String synchronousCommit, Path dir) {
        this(host, port, database, user, password, synchronousCommit, dir, "");
    }

    private PgBench(
            String host,
            int port,
            String database,
            String user,
            String password,
            String synchronousCommit,
            Path dir,
            String label) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.synchronousCommit = synchronousCommit;
        this.workDir = dir;
        this.label = label;
    }

    /**
     * The same PostgreSQL with tables and scripts of their own ({@code bench_clinic_outbox}, {@code
     * clinic-write.sql}): the rows of another Patient, measured apart, without dropping the first one's tables.
     */
    PgBench labelled(String label) {
        return new PgBench(host, port, database, user, password, synchronousCommit, workDir, label);
    }

    /** Creates one scratch table per vault table the registration writes to, shaped alike (PK, unique key). */
    void createTables(List<RowShape> shapes) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (RowShape shape : shapes) {
                String t = table(shape);
                s.execute("DROP TABLE IF EXISTS " + t);
                s.execute("CREATE TABLE " + t + " (id bigserial PRIMARY KEY, k uuid NOT NULL UNIQUE, payload bytea)");
                // Ciphertext does not compress: keep pgbench's filler uncompressed too, so sizes on disk match.
                s.execute("ALTER TABLE " + t + " ALTER COLUMN payload SET STORAGE EXTERNAL");
            }
        }
    }

    /** A pgbench script with one transaction inserting what one registration inserted. */
    Path writeScript(List<RowShape> shapes) {
        StringBuilder sql = new StringBuilder("BEGIN;\n");
        for (RowShape shape : shapes) {
            long rows = Math.max(0, Math.round(shape.rowsPerCreate()));
            int payload = Math.max(1, shape.bytesPerRow() - ROW_OVERHEAD);
            for (long i = 0; i < rows; i++) {
                sql.append("INSERT INTO ")
                        .append(table(shape))
                        .append(" (k, payload) VALUES (gen_random_uuid(), convert_to(repeat('x', ")
                        .append(payload)
                        .append("), 'UTF8'));\n");
            }
        }
        sql.append("COMMIT;\n");
        return script(prefix("-") + "write.sql", sql.toString());
    }

    /** A pgbench script reading one random row of the projection-like table by primary key. */
    Path readScript(RowShape state) throws SQLException {
        long max;
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT coalesce(max(id), 0) FROM " + table(state))) {
            r.next();
            max = r.getLong(1);
        }
        if (max == 0) {
            throw new IllegalStateException("no rows to read in " + table(state) + ": run the write points first");
        }
        return script(
                prefix("-") + "read.sql",
                "\\set id random(1, " + max + ")\nSELECT payload FROM " + table(state) + " WHERE id = :id;\n");
    }

    /**
     * Runs pgbench once to warm up (discarded) and once to measure. Throughput is pgbench's own count over the
     * measured run; latency percentiles come from its per-transaction log, sampled at {@code sampling} so a
     * read run at tens of thousands of SELECTs per second keeps a log of bounded size.
     */
    PointResult run(String series, Path script, int concurrency, Duration warmup, Duration measure, double sampling)
            throws IOException, InterruptedException {
        Path logs = Files.createDirectories(workDir.resolve("pgbench-" + series + "-" + concurrency));
        if (!warmup.isZero()) {
            pgbench(script, concurrency, warmup, 1.0, null, logs.resolve("warmup.out"));
        }
        String output =
                pgbench(script, concurrency, measure, sampling, logs.resolve("tx"), logs.resolve("pgbench.out"));
        PointResult result = summarise(series, concurrency, output, logs, measure);
        // The samples are summarised: keep pgbench's report, not a log that can reach hundreds of MB.
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("tx."))
                    .toList()) {
                Files.delete(f);
            }
        }
        return result;
    }

    private String pgbench(Path script, int concurrency, Duration time, double sampling, Path logPrefix, Path out)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "pgbench",
                "-n",
                "-h",
                host,
                "-p",
                String.valueOf(port),
                "-U",
                user,
                "-c",
                String.valueOf(concurrency),
                "-j",
                String.valueOf(Math.min(concurrency, 4)),
                "-T",
                String.valueOf(Math.max(1, time.toSeconds())),
                // The vault's reactive client uses prepared statements too.
                "-M",
                "prepared",
                "-f",
                script.toString()));
        if (logPrefix != null) {
            command.addAll(List.of("-l", "--log-prefix=" + logPrefix));
            if (sampling < 1.0) {
                command.add("--sampling-rate=" + sampling);
            }
        }
        command.add(database);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PGPASSWORD", password);
        env.put("PGOPTIONS", "-c synchronous_commit=" + synchronousCommit);
        builder.redirectOutput(out.toFile());
        Process process = builder.start();
        if (!process.waitFor(time.toSeconds() + 60, TimeUnit.SECONDS)) {
            process.destroy();
            throw new IllegalStateException("pgbench did not finish; see " + out);
        }
        String output = Files.readString(out);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("pgbench failed (exit " + process.exitValue() + "): " + output.strip());
        }
        return output;
    }

    /**
     * pgbench's throughput ({@code tps = N (without initial connection time)}) and the percentiles of its
     * per-transaction log lines ({@code client tx latency_us script epoch_s epoch_us}).
     */
    static PointResult summarise(String series, int concurrency, String output, Path logs, Duration measure)
            throws IOException {
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("pgbench printed no throughput: " + output.strip());
        }
        double perSecond = Double.parseDouble(tps.group(1));
        List<Double> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("tx."))
                    .toList()) {
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length >= 6) {
                        samples.add(Long.parseLong(f[2]) / 1000.0);
                    }
                }
            }
        }
        double[] latencies = samples.stream().mapToDouble(Double::doubleValue).toArray();
        double mean = java.util.Arrays.stream(latencies).average().orElse(Double.NaN);
        double seconds = measure.toNanos() / 1e9;
        return new PointResult(
                series,
                concurrency,
                Math.round(perSecond * seconds),
                0,
                seconds,
                perSecond,
                Percentiles.of(latencies, 50),
                Percentiles.of(latencies, 99),
                mean,
                Map.of());
    }

    private Path script(String name, String content) {
        try {
            return Files.writeString(Files.createDirectories(workDir).resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String table(RowShape shape) {
        return "bench_" + prefix("_") + shape.table();
    }

    private String prefix(String separator) {
        return label.isEmpty() ? "" : label + separator;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }
}
