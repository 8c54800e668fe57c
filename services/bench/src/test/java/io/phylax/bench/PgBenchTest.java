package io.phylax.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading pgbench's report and its per-transaction log into a point comparable with the vault's. */
class PgBenchTest {

    @TempDir
    Path dir;

    @Test
    void throughputComesFromPgbenchAndPercentilesFromItsLog() throws Exception {
        // client tx latency_us script epoch_s epoch_us, split over two thread files as pgbench -j writes them
        Files.write(dir.resolve("tx.123"), List.of("0 0 1000 0 1700000000 1000", "0 1 2000 0 1700000000 3000"));
        Files.write(dir.resolve("tx.123.1"), List.of("1 0 3000 0 1700000000 2000", "1 1 100000 0 1700000001 0"));
        String report = "number of transactions actually processed: 4000\n"
                + "tps = 400.123456 (without initial connection time)\n";

        PointResult point = PgBench.summarise("pg-write", 2, report, dir, Duration.ofSeconds(10));

        assertThat(point.perSecond()).isEqualTo(400.123456);
        assertThat(point.operations()).isEqualTo(4001);
        assertThat(point.p50Ms()).isEqualTo(2.0);
        assertThat(point.p99Ms()).isEqualTo(100.0);
    }

    @Test
    void aRunWithoutAThroughputLineIsAnErrorNotAZero() {
        assertThatThrownBy(() -> PgBench.summarise("pg-read", 1, "connection refused", dir, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no throughput");
    }

    @Test
    void writeScriptInsertsWhatOneRegistrationStoredInOneTransaction() throws Exception {
        PgBench pgbench = new PgBench("127.0.0.1", 1, "db", "user", "pw", "on", dir);

        Path script = pgbench.writeScript(
                List.of(new PgBench.RowShape("outbox", 2.0, 552), new PgBench.RowShape("data_key", 1.0, 164)));

        String sql = Files.readString(script);
        assertThat(sql).startsWith("BEGIN;").endsWith("COMMIT;\n");
        assertThat(sql.split("INSERT INTO bench_outbox", -1)).hasSize(3);
        assertThat(sql).contains("repeat('x', 500)").contains("INSERT INTO bench_data_key");
    }
}
