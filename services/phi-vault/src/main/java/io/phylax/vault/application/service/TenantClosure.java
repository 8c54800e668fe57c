package io.phylax.vault.application.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.phylax.trust.Caller;
import io.phylax.vault.application.port.in.EraseSubjectUseCase;
import io.phylax.vault.application.port.in.NotFoundException;
import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.application.port.in.TenantClosureUseCase;
import io.phylax.vault.application.port.out.KeyInventoryPort.Lease;
import io.phylax.vault.application.port.out.TenantClosurePort;
import io.phylax.vault.config.VaultConfig;
import io.phylax.vault.domain.ErasureReason;
import io.phylax.vault.domain.SubjectErasedException;
import io.phylax.vault.domain.access.AccessPolicy;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Tenant account closure (ADR 19). Closing records the closure at once (the tenant can register nothing from
 * then on), then a job erases every live subject exactly as {@code DELETE} and retention do (reason
 * {@code TENANT_CLOSURE}, the vault as actor), one subject per transaction, in batches, once per cluster (an
 * advisory lock per tenant), and finally destroys what is left of the tenant's keys and export files and
 * writes the report. Counts come from the tombstones, so a job killed half-way and resumed reports exactly.
 */
@ApplicationScoped
public class TenantClosure implements TenantClosureUseCase {

    /** The actor subject of the closure's erasures; its tombstones are what the report counts. */
    static final String ACTOR = "tenant-closure";

    private static final Logger LOG = Logger.getLogger(TenantClosure.class);

    private final TenantClosurePort closures;
    private final EraseSubjectUseCase erasures;
    private final JobMetrics metrics;
    private final Vertx vertx;
    private final int batchSize;

    @Inject
    public TenantClosure(
            TenantClosurePort closures,
            EraseSubjectUseCase erasures,
            JobMetrics metrics,
            Vertx vertx,
            VaultConfig config) {
        this.closures = closures;
        this.erasures = erasures;
        this.metrics = metrics;
        this.vertx = vertx;
        this.batchSize = config.retention().batchSize();
    }

    /** A closure that was running when its replica stopped is picked up again by whichever replica starts. */
    void resumeAfterRestart(@Observes StartupEvent event) {
        for (String tenant : closures.unfinished()) {
            LOG.infof("resuming the unfinished closure of tenant %s", tenant);
            launch(tenant);
        }
    }

    @Override
    public ClosureReport close(String tenant, String operator) {
        ClosureReport report = closures.start(tenant, operator);
        if (report.finishedAt() == null) {
            LOG.warnf("closure of tenant %s requested by %s", tenant, operator);
            launch(tenant);
        }
        return report;
    }

    @Override
    public Optional<ClosureReport> report(String tenant) {
        return closures.find(tenant);
    }

    private void launch(String tenant) {
        Thread.ofVirtual().name("closure-" + tenant).start(() -> {
            try {
                closeNow(tenant, Long.MAX_VALUE);
            } catch (RuntimeException e) {
                // The closure stays unfinished and is resumed by the next request or restart.
                LOG.warnf(
                        "closure of tenant %s stopped: %s", tenant, e.getClass().getSimpleName());
            }
        });
    }

    /**
     * Runs the tenant's closure on the calling thread if no replica is running it.
     *
     * @param stopAfter test hook: stop as a crash would after this many erasures
     * @return false if another replica holds the closure
     */
    public boolean closeNow(String tenant, long stopAfter) {
        Optional<Lease> lease = closures.tryLock("closure:" + tenant);
        if (lease.isEmpty()) {
            LOG.infof("closure of tenant %s is running on another replica", tenant);
            return false;
        }
        try (Lease held = lease.get();
                JobMetrics.Running running = metrics.running(JobMetrics.CLOSURE, tenant)) {
            ClosureReport report =
                    closures.find(tenant).orElseThrow(() -> new NotFoundException("closure of tenant " + tenant));
            if (report.finishedAt() != null) {
                return true;
            }
            RequestContext vault = new RequestContext(
                    new Caller(tenant, Retention.SERVICE_ISSUER, ACTOR, "phi-vault", Set.of(AccessPolicy.TENANT_ADMIN)),
                    "closure-" + UUID.randomUUID(),
                    null);
            long erasedNow = 0;
            long erasedInPass;
            // Passes until one finds nothing: a registration that was in flight when the closure began is
            // caught by the next pass, wherever its id falls in the order.
            do {
                erasedInPass = 0;
                UUID after = null;
                for (List<UUID> batch = closures.liveSubjects(tenant, null, batchSize);
                        !batch.isEmpty();
                        batch = closures.liveSubjects(tenant, after, batchSize)) {
                    for (UUID subject : batch) {
                        if (erasedNow >= stopAfter) {
                            throw new Retention.SimulatedCrash();
                        }
                        if (erase(vault, subject)) {
                            erasedNow++;
                            erasedInPass++;
                            metrics.erased(JobMetrics.CLOSURE, tenant);
                        }
                    }
                    after = batch.getLast();
                    long total = closures.erasedByClosure(tenant, ACTOR);
                    closures.progress(tenant, total);
                    LOG.infof("closure of tenant %s: %d subjects erased so far", tenant, total);
                }
            } while (erasedInPass > 0);
            ClosureReport done = closures.finish(tenant, closures.erasedByClosure(tenant, ACTOR));
            LOG.warnf(
                    "closure of tenant %s finished: %d subjects erased, %d data keys and %d blind-index keys destroyed,"
                            + " %d export files emptied",
                    tenant,
                    done.subjectsErased(),
                    done.dataKeysDestroyed(),
                    done.indexKeysDestroyed(),
                    done.exportFilesEmptied());
            return true;
        }
    }

    private boolean erase(RequestContext vault, UUID subject) {
        try {
            OnContext.await(
                    vertx,
                    Duration.ofSeconds(30),
                    () -> erasures.erase(
                            new EraseSubjectUseCase.EraseSubjectCommand(vault, subject, ErasureReason.TENANT_CLOSURE)));
            return true;
        } catch (SubjectErasedException | NotFoundException e) {
            // Erased by someone else since it was selected: nothing left to do for it.
            return false;
        }
    }
}
