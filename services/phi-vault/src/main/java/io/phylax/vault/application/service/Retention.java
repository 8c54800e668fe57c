package io.phylax.vault.application.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.phylax.trust.Caller;
import io.phylax.vault.application.port.in.AccessDeniedException;
import io.phylax.vault.application.port.in.EraseSubjectUseCase;
import io.phylax.vault.application.port.in.NotFoundException;
import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.application.port.in.RetentionUseCase;
import io.phylax.vault.application.port.out.KeyInventoryPort.Lease;
import io.phylax.vault.application.port.out.RetentionPort;
import io.phylax.vault.config.VaultConfig;
import io.phylax.vault.domain.DomainRuleViolation;
import io.phylax.vault.domain.ErasureReason;
import io.phylax.vault.domain.SubjectErasedException;
import io.phylax.vault.domain.access.AccessPolicy;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;

/**
 * Retention of inactive subjects (ADR 16): tenant-admins set a policy; a scheduled job, once per cluster
 * (an advisory lock), erases every subject whose last change is older than its tenant's policy, exactly as
 * {@code DELETE} does (reason {@code RETENTION_POLICY}, actor the vault itself), one subject per
 * transaction, in batches, with progress in the logs. An erased subject is never selected again, so a job
 * that dies half-way simply continues where it stopped on its next run.
 */
@ApplicationScoped
public class Retention implements RetentionUseCase {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    /** The issuer recorded for changes the vault makes on its own behalf. */
    static final String SERVICE_ISSUER = "https://phi-vault.phylax.internal";

    /** Thrown by the test hook to stop a run as a crash would, between two erasures. */
    public static final class SimulatedCrash extends RuntimeException {
        public SimulatedCrash() {
            super("retention run stopped by the test hook");
        }
    }

    private final RetentionPort store;
    private final EraseSubjectUseCase erasures;
    private final Vertx vertx;
    private final int batchSize;
    private final JobMetrics metrics;

    @Inject
    public Retention(
            RetentionPort store, EraseSubjectUseCase erasures, Vertx vertx, VaultConfig config, JobMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
        this.erasures = erasures;
        this.vertx = vertx;
        this.batchSize = config.retention().batchSize();
    }

    @Override
    public Optional<Integer> policy(RequestContext context) {
        requireTenantAdmin(context);
        return store.policy(context.tenant());
    }

    @Override
    public void setPolicy(RequestContext context, int inactiveAfterDays) {
        requireTenantAdmin(context);
        if (inactiveAfterDays < 1 || inactiveAfterDays > 365 * 200) {
            throw new DomainRuleViolation("inactiveAfterDays", "must be between 1 and 73000 days");
        }
        store.setPolicy(context.tenant(), inactiveAfterDays, context.caller().subject());
        LOG.infof("retention policy of tenant %s set to %d days", context.tenant(), inactiveAfterDays);
    }

    private static void requireTenantAdmin(RequestContext context) {
        if (!context.caller().hasRole(AccessPolicy.TENANT_ADMIN)) {
            throw new AccessDeniedException("only a tenant-admin manages retention");
        }
    }

    @Scheduled(
            identity = "vault-retention",
            every = "${phylax.vault.retention.every}",
            delayed = "${phylax.vault.retention.delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            runOnce(Long.MAX_VALUE);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "retention run stopped (%s); the next run continues",
                    e.getClass().getSimpleName());
        }
    }

    /**
     * One retention run over every tenant with a policy, if no other replica is running one.
     *
     * @param stopAfter test hook: stop as a crash would after this many erasures
     * @return how many subjects were erased, or -1 if another replica holds the run
     */
    public long runOnce(long stopAfter) {
        Optional<Lease> lease = store.tryLock("retention");
        if (lease.isEmpty()) {
            LOG.info("retention run skipped: another replica is running it");
            return -1;
        }
        try (Lease held = lease.get()) {
            long erased = 0;
            for (Map.Entry<String, Integer> policy : store.policies().entrySet()) {
                erased += runTenant(policy.getKey(), policy.getValue(), stopAfter - erased);
            }
            return erased;
        }
    }

    /**
     * Test hook: one run over a single tenant's policy, under the same cluster-wide lock.
     *
     * @return how many subjects were erased, or -1 if another replica holds the run
     */
    public long runFor(String tenant, long stopAfter) {
        Optional<Lease> lease = store.tryLock("retention");
        if (lease.isEmpty()) {
            return -1;
        }
        try (Lease held = lease.get()) {
            return store.policy(tenant)
                    .map(days -> runTenant(tenant, days, stopAfter))
                    .orElse(0L);
        }
    }

    private long runTenant(String tenant, int days, long stopAfter) {
        try (JobMetrics.Running running = metrics.running(JobMetrics.RETENTION, tenant)) {
            return eraseInactive(tenant, days, stopAfter);
        }
    }

    private long eraseInactive(String tenant, int days, long stopAfter) {
        RequestContext service = new RequestContext(
                new Caller(tenant, SERVICE_ISSUER, "retention-policy", "phi-vault", Set.of(AccessPolicy.TENANT_ADMIN)),
                "retention-" + UUID.randomUUID(),
                null);
        long erased = 0;
        UUID after = null;
        while (true) {
            List<UUID> batch = store.inactiveSubjects(tenant, days, after, batchSize);
            if (batch.isEmpty()) {
                break;
            }
            for (UUID subject : batch) {
                if (erased >= stopAfter) {
                    throw new SimulatedCrash();
                }
                try {
                    OnContext.await(
                            vertx,
                            Duration.ofSeconds(30),
                            () -> erasures.erase(new EraseSubjectUseCase.EraseSubjectCommand(
                                    service, subject, ErasureReason.RETENTION_POLICY)));
                    erased++;
                    metrics.erased(JobMetrics.RETENTION, tenant);
                } catch (SubjectErasedException | NotFoundException e) {
                    // Erased by someone else since it was selected: nothing left to do for it.
                }
            }
            after = batch.getLast();
            LOG.infof("retention of tenant %s (%d days): %d subjects erased so far", tenant, days, erased);
        }
        if (erased > 0) {
            LOG.infof("retention of tenant %s finished: %d subjects erased", tenant, erased);
        }
        return erased;
    }
}
