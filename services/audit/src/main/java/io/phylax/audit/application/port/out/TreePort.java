package io.phylax.audit.application.port.out;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.phylax.audit.domain.ChainedEntry;
import io.phylax.audit.domain.NodeId;
import io.phylax.audit.verify.SignedTreeHead;
import io.smallrye.mutiny.Uni;

/** The log's Merkle tree: signed tree heads and the stored hashes of its complete perfect subtrees. */
public interface TreePort {

    /** Signs the root of the first {@code treeSize} entries at {@code timestamp}. */
    @FunctionalInterface
    interface Signer {
        SignedTreeHead sign(long treeSize, long timestamp, byte[] rootHash);
    }

    /**
     * A tree head just signed.
     *
     * @param head   the new head
     * @param behind whether more entries wait beyond it (the round took in its maximum)
     */
    record Extension(SignedTreeHead head, boolean behind) {}

    /** A consistent, read-only view of the whole log (one snapshot), for a verification walk. */
    interface Snapshot {
        Uni<List<SignedTreeHead>> treeHeads();

        /** Up to {@code limit} entries after {@code afterSeq}, in sequence order. */
        Uni<List<ChainedEntry>> entriesAfter(long afterSeq, int limit);
    }

    Uni<Optional<SignedTreeHead>> latestTreeHead();

    Uni<Optional<SignedTreeHead>> treeHead(long treeSize);

    /**
     * The hashes of these nodes; level 0 is the entries' leaf hashes.
     *
     * @throws IllegalStateException (in the Uni) if a node is not stored: it is not complete in any signed tree
     */
    Uni<Map<NodeId, byte[]>> nodes(Collection<NodeId> nodes);

    /**
     * If no other replica is doing it right now (a PostgreSQL advisory lock), extends the stored tree by up to
     * {@code maxEntries} new entries and stores a signed tree head for the new size, in one transaction. Empty when
     * another replica holds the lock or nothing new was appended since the last head.
     */
    Uni<Optional<Extension>> extendAndSign(int maxEntries, Signer signer);

    /** Runs {@code work} over one read-only snapshot of the log and its tree heads. */
    <T> Uni<T> inSnapshot(Function<Snapshot, Uni<T>> work);
}
