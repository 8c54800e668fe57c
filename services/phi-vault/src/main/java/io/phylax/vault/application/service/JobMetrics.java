package io.phylax.vault.application.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Progress of the vault's long jobs as Prometheus metrics (ADR 19): whether a job runs for a tenant, subjects
 * erased by retention and closure, keys rewrapped or failed. Labels are the job and the tenant only, never a
 * subject or anything from a record.
 */
@ApplicationScoped
public class JobMetrics {

    public static final String RETENTION = "retention";
    public static final String CLOSURE = "closure";
    public static final String REWRAP = "rewrap";
    public static final String REINDEX = "reindex";

    private final MeterRegistry meters;
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    @Inject
    public JobMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Marks the job as running for the tenant ({@code phylax_vault_job_running} 1) until closed. */
    public Running running(String job, String tenant) {
        AtomicInteger flag = running.computeIfAbsent(job + "\n" + tenant, key -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("phylax.vault.job.running", value, AtomicInteger::get)
                    .description("1 while the job runs for the tenant on this replica")
                    .tags("job", job, "tenant", tenant)
                    .register(meters);
            return value;
        });
        flag.set(1);
        return () -> flag.set(0);
    }

    /** One subject erased by the job ({@code phylax_vault_job_subjects_erased_total}). */
    public void erased(String job, String tenant) {
        Counter.builder("phylax.vault.job.subjects.erased")
                .description("Subjects erased by the retention and closure jobs")
                .tags("job", job, "tenant", tenant)
                .register(meters)
                .increment();
    }

    /** One subject re-indexed for blind-index search ({@code phylax_vault_job_subjects_reindexed_total}). */
    public void reindexed(String tenant) {
        Counter.builder("phylax.vault.job.subjects.reindexed")
                .description("Subjects whose blind-index terms the re-index job rebuilt")
                .tags("job", REINDEX, "tenant", tenant)
                .register(meters)
                .increment();
    }

    /** Keys the rewrap job moved to the newest KEK version, or left because they failed to authenticate. */
    public void rewrapped(String tenant, long rewrapped, long failed) {
        Counter.builder("phylax.vault.job.keys.rewrapped")
                .description("Wrapped keys moved to the newest KEK version by the rewrap job")
                .tags("job", REWRAP, "tenant", tenant)
                .register(meters)
                .increment(rewrapped);
        Counter.builder("phylax.vault.job.keys.failed")
                .description("Wrapped keys the rewrap job could not authenticate (left unchanged, reported)")
                .tags("job", REWRAP, "tenant", tenant)
                .register(meters)
                .increment(failed);
    }

    /** A running job's mark; closing it clears the gauge. */
    public interface Running extends AutoCloseable {
        @Override
        void close();
    }
}
