package io.phylax.audit.application.service;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.phylax.audit.application.VerificationBusyException;
import io.phylax.audit.application.port.out.SigningKeyPort;
import io.phylax.audit.application.port.out.TreePort;
import io.phylax.audit.domain.ChainedEntry;
import io.phylax.audit.domain.LogVerification;
import io.smallrye.mutiny.Uni;

/**
 * Re-walks the whole log (chain and tree) in one consistent snapshot and reports the first break. A walk reads
 * every entry, so one runs at a time per replica.
 */
@ApplicationScoped
public class VerificationService {

    private static final Logger LOG = Logger.getLogger(VerificationService.class);
    private static final int PAGE = 2000;

    private final TreePort tree;
    private final SigningKeyPort key;
    private final AtomicBoolean running = new AtomicBoolean();

    @Inject
    public VerificationService(TreePort tree, SigningKeyPort key) {
        this.tree = tree;
        this.key = key;
    }

    public Uni<LogVerification.Result> verify() {
        return Uni.createFrom().deferred(() -> {
            if (!running.compareAndSet(false, true)) {
                return Uni.createFrom().failure(new VerificationBusyException());
            }
            return tree.inSnapshot(snapshot -> snapshot.treeHeads().flatMap(heads -> {
                        LogVerification walk = new LogVerification(heads, key.publicKey());
                        return walkFrom(snapshot, walk, -1).map(done -> walk.finish());
                    }))
                    .invoke(result -> {
                        if (!result.consistent()) {
                            LOG.errorf(
                                    "audit log verification failed: %s (entry %s)",
                                    result.problem(), result.firstBrokenEntry());
                        }
                    })
                    .eventually(() -> running.set(false));
        });
    }

    /** Feeds the walk one page at a time; each page is a separate round trip, so the event loop breathes. */
    private Uni<Boolean> walkFrom(TreePort.Snapshot snapshot, LogVerification walk, long afterSeq) {
        return snapshot.entriesAfter(afterSeq, PAGE).flatMap(page -> {
            for (ChainedEntry entry : page) {
                if (!walk.accept(entry)) {
                    return Uni.createFrom().item(Boolean.FALSE);
                }
            }
            if (page.size() < PAGE) {
                return Uni.createFrom().item(Boolean.TRUE);
            }
            return walkFrom(snapshot, walk, page.getLast().entry().seq());
        });
    }
}
