package io.phylax.audit.domain;

/** Where {@link MerkleTree} finds the hash of a perfect subtree (stored nodes, leaf hashes, or memory). */
@FunctionalInterface
public interface NodeSource {

    /**
     * The hash of the perfect subtree {@code node}.
     *
     * @throws IllegalStateException if the subtree is not known (not complete yet, or not loaded)
     */
    byte[] hash(NodeId node);
}
