package io.phylax.audit.domain;

/**
 * A perfect subtree of the log's Merkle tree: {@code 2^level} leaves starting at leaf {@code index * 2^level}.
 * Level 0 is a single leaf (entry {@code index}).
 */
public record NodeId(int level, long index) {

    public NodeId {
        if (level < 0 || level > 62 || index < 0) {
            throw new IllegalArgumentException("no such node");
        }
    }

    /** The first leaf this subtree covers. */
    public long firstLeaf() {
        return index << level;
    }
}
