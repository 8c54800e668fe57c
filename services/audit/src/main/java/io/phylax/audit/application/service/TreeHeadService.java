package io.phylax.audit.application.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.phylax.audit.application.port.out.SigningKeyPort;
import io.phylax.audit.application.port.out.TreePort;
import io.phylax.audit.config.AuditConfig;
import io.phylax.audit.verify.SignedTreeHead;
import io.smallrye.mutiny.Uni;

/** Signs tree heads as the log grows; the rounds are triggered on a schedule and run on one replica at a time. */
@ApplicationScoped
public class TreeHeadService {

    private static final Logger LOG = Logger.getLogger(TreeHeadService.class);

    private final TreePort tree;
    private final SigningKeyPort key;
    private final int maxEntriesPerRound;

    @Inject
    public TreeHeadService(TreePort tree, SigningKeyPort key, AuditConfig config) {
        this.tree = tree;
        this.key = key;
        this.maxEntriesPerRound = config.treeHead().maxEntriesPerRound();
    }

    /**
     * Signs a head over everything appended since the last one, in rounds of at most the configured number of
     * entries; a replica that finds another one signing does nothing.
     */
    public Uni<Void> signNewEntries() {
        return tree.extendAndSign(maxEntriesPerRound, key::sign).flatMap(signed -> {
            if (signed.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            SignedTreeHead head = signed.get().head();
            LOG.debugf("signed the tree head of size %d", head.treeSize());
            return signed.get().behind() ? signNewEntries() : Uni.createFrom().voidItem();
        });
    }

    public Uni<Optional<SignedTreeHead>> latest() {
        return tree.latestTreeHead();
    }

    public Uni<Optional<SignedTreeHead>> at(long treeSize) {
        return tree.treeHead(treeSize);
    }
}
