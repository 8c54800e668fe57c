package io.phylax.audit.adapter.in.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.phylax.audit.application.service.IngestCounters;

/**
 * Reports what this replica has consumed since it started (stored, duplicate and dead-lettered messages) on
 * {@code /q/health/ready}. Always UP: the consumer's own health check turns DOWN when consuming fails.
 */
@Readiness
@ApplicationScoped
public class IngestHealthCheck implements HealthCheck {

    public static final String NAME = "Audit log ingest";

    private final IngestCounters counters;

    @Inject
    public IngestHealthCheck(IngestCounters counters) {
        this.counters = counters;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .up()
                .withData("stored", counters.stored())
                .withData("duplicates", counters.duplicates())
                .withData("deadLettered", counters.deadLettered())
                .build();
    }
}
