package io.phylax.audit.adapter.in.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.audit.application.service.TreeHeadService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Triggers tree-head signing on every replica at the configured interval; the advisory lock inside makes one
 * replica sign per round. Rounds on one replica never overlap.
 */
@ApplicationScoped
public class TreeHeadSchedule {

    private final TreeHeadService treeHeads;

    @Inject
    public TreeHeadSchedule(TreeHeadService treeHeads) {
        this.treeHeads = treeHeads;
    }

    @Scheduled(
            identity = "sign-tree-head",
            every = "${phylax.audit.tree-head.interval}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> signTreeHead() {
        // A failed round is logged by the scheduler and retried at the next interval; nothing is lost meanwhile.
        return treeHeads.signNewEntries();
    }
}
