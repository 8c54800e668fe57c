package io.phylax.audit.application.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.audit.application.ConsistencyProof;
import io.phylax.audit.application.InclusionProof;
import io.phylax.audit.application.InvalidRequestException;
import io.phylax.audit.application.NotFoundException;
import io.phylax.audit.application.NotYetSignedException;
import io.phylax.audit.application.port.out.AuditLogPort;
import io.phylax.audit.application.port.out.TreePort;
import io.phylax.audit.domain.MerkleTree;
import io.phylax.audit.domain.NodeId;
import io.phylax.audit.verify.SignedTreeHead;
import io.smallrye.mutiny.Uni;

/**
 * Inclusion and consistency proofs against signed tree heads. The tree is global (every tenant's entries), so a
 * consistency proof names no entry; an inclusion proof is given only for an entry of the caller's tenant.
 */
@ApplicationScoped
public class ProofService {

    private final AuditLogPort log;
    private final TreePort tree;

    @Inject
    public ProofService(AuditLogPort log, TreePort tree) {
        this.log = log;
        this.tree = tree;
    }

    /**
     * @param treeSize the tree to prove inclusion in; null for the latest signed one
     */
    public Uni<InclusionProof> inclusion(String tenant, long seq, Long treeSize) {
        return log.entry(tenant, seq)
                .map(found -> found.orElseThrow(() -> new NotFoundException("no such entry")))
                .flatMap(entry -> latest().flatMap(latest -> {
                    long size = treeSize == null ? latest.treeSize() : treeSize;
                    if (treeSize == null && seq >= latest.treeSize()) {
                        throw new NotYetSignedException();
                    }
                    if (size > latest.treeSize()) {
                        throw new InvalidRequestException(
                                "treeSize", "must not exceed the latest signed tree size, " + latest.treeSize());
                    }
                    if (size <= seq) {
                        throw new InvalidRequestException("treeSize", "must be greater than the entry's number");
                    }
                    return proof(t -> t.inclusionProof(seq, size))
                            .flatMap(path ->
                                    headAt(size, latest).map(head -> new InclusionProof(entry, size, path, head)));
                }));
    }

    /**
     * @param to the later size; null for the latest signed one
     */
    public Uni<ConsistencyProof> consistency(long from, Long to) {
        return latest().flatMap(latest -> {
            long toSize = to == null ? latest.treeSize() : to;
            if (toSize > latest.treeSize()) {
                throw new InvalidRequestException(
                        "to", "must not exceed the latest signed tree size, " + latest.treeSize());
            }
            if (from < 1 || from > toSize) {
                throw new InvalidRequestException("from", "must be at least 1 and at most the later size");
            }
            return proof(t -> t.consistencyProof(from, toSize))
                    .flatMap(proof -> headAt(from, latest)
                            .flatMap(fromHead -> headAt(toSize, latest)
                                    .map(toHead -> new ConsistencyProof(from, toSize, proof, fromHead, toHead))));
        });
    }

    private Uni<SignedTreeHead> latest() {
        return tree.latestTreeHead().map(head -> head.orElseThrow(NotYetSignedException::new));
    }

    private Uni<Optional<SignedTreeHead>> headAt(long size, SignedTreeHead latest) {
        return size == latest.treeSize() ? Uni.createFrom().item(Optional.of(latest)) : tree.treeHead(size);
    }

    /** Loads exactly the nodes the proof needs, in one round trip, then builds it. */
    private Uni<List<byte[]>> proof(Function<MerkleTree, List<byte[]>> build) {
        SequencedSet<NodeId> needed = MerkleTree.nodesFor(build::apply);
        return tree.nodes(needed).map(stored -> build.apply(new MerkleTree(node -> known(stored, node))));
    }

    private static byte[] known(Map<NodeId, byte[]> stored, NodeId node) {
        byte[] hash = stored.get(node);
        if (hash == null) {
            throw new IllegalStateException("the stored tree lacks a node a signed tree head covers");
        }
        return hash;
    }
}
