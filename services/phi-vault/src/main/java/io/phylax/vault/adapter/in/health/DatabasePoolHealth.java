package io.phylax.vault.adapter.in.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.phylax.vault.config.VaultConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Health of the reactive connection pool that serves every clinic request (ADR 0093). Readiness runs
 * {@code SELECT 1} through the pool within a bound of its own, so a probe never hangs on a pool that cannot serve;
 * liveness turns DOWN when the pool has been wedged (every connection held, none given back) for
 * {@code phylax.vault.pool.wedged-after}, so that the orchestrator restarts the replica. The pool's own figures
 * (in use, idle, waiting) are the Vert.x pool metrics {@code sql_pool_*} on {@code /q/metrics}.
 */
public final class DatabasePoolHealth {

    static final String READINESS = "Database pool";
    static final String LIVENESS = "Database pool not wedged";

    private DatabasePoolHealth() {}

    /** Readiness: a connection and an answer from PostgreSQL within the bound. */
    @Readiness
    @ApplicationScoped
    public static class Ready implements AsyncHealthCheck {

        private final Pool pool;
        private final Duration timeout;

        @Inject
        public Ready(Pool pool, VaultConfig config) {
            this.pool = pool;
            this.timeout = config.pool().readinessTimeout();
        }

        @Override
        public Uni<HealthCheckResponse> call() {
            return pool.query("SELECT 1")
                    .execute()
                    .map(rows -> HealthCheckResponse.up(READINESS))
                    .ifNoItem()
                    .after(timeout)
                    .recoverWithItem(() -> down("no connection and answer within " + timeout))
                    .onFailure()
                    .recoverWithItem(e -> down(e.getClass().getSimpleName()));
        }

        private static HealthCheckResponse down(String reason) {
            return HealthCheckResponse.named(READINESS)
                    .down()
                    .withData("reason", reason)
                    .build();
        }
    }

    /** Liveness: DOWN once the pool has stayed wedged for the configured period. */
    @Liveness
    @ApplicationScoped
    public static class Live implements AsyncHealthCheck {

        private final MeterRegistry registry;
        private final int maxSize;
        private final PoolWedge wedge;

        @Inject
        public Live(
                MeterRegistry registry,
                VaultConfig config,
                @ConfigProperty(name = "quarkus.datasource.reactive.max-size") int maxSize) {
            this.registry = registry;
            this.maxSize = maxSize;
            this.wedge = new PoolWedge(config.pool().wedgedAfter());
        }

        @Override
        public Uni<HealthCheckResponse> call() {
            double inUse = value("sql.pool.active");
            double completed = value("sql.pool.completed");
            boolean wedged = wedge.look(System.nanoTime(), inUse, maxSize, completed);
            return Uni.createFrom()
                    .item(HealthCheckResponse.named(LIVENESS)
                            .status(!wedged)
                            .withData("inUse", (long) inUse)
                            .withData("maxSize", maxSize)
                            .build());
        }

        /** Sum of a pool meter's first measurement over its series; NaN when the pool publishes none. */
        private double value(String name) {
            double sum = Double.NaN;
            for (Meter meter : registry.find(name).meters()) {
                for (Measurement m : meter.measure()) {
                    sum = Double.isNaN(sum) ? m.getValue() : sum + m.getValue();
                    break;
                }
            }
            return sum;
        }
    }
}
