package io.phylax.audit.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The right edge of a growing Merkle tree: the roots of the perfect subtrees that make up leaves {@code [0, size)},
 * largest first (one per set bit of {@code size}). Leaves are appended one at a time; the root of the tree so far
 * is computed from the edge alone, so a log of any length is hashed in memory of O(log n).
 */
public final class CompactRange {

    /** A perfect subtree: {@code 2^level} leaves starting at leaf {@code index * 2^level}. */
    public record Node(int level, long index, byte[] hash) {}

    private final List<Node> edge = new ArrayList<>();
    private final Consumer<Node> completed;
    private long size;

    /** An empty tree; {@code completed} sees every perfect subtree of two or more leaves as it is completed. */
    public CompactRange(Consumer<Node> completed) {
        this.completed = completed;
    }

    public CompactRange() {
        this(node -> {});
    }

    /**
     * A tree of {@code size} leaves, given its right edge as {@link #edgeOf(long)} names it (hashes filled in).
     *
     * @throws IllegalArgumentException if the nodes are not exactly that edge
     */
    public static CompactRange resume(long size, List<Node> edge, Consumer<Node> completed) {
        List<Node> expected = edgeOf(size);
        if (expected.size() != edge.size()) {
            throw new IllegalArgumentException("not the right edge of a tree of size " + size);
        }
        CompactRange range = new CompactRange(completed);
        for (int i = 0; i < edge.size(); i++) {
            Node want = expected.get(i);
            Node have = edge.get(i);
            if (want.level() != have.level() || want.index() != have.index() || have.hash() == null) {
                throw new IllegalArgumentException("not the right edge of a tree of size " + size);
            }
            range.edge.add(have);
        }
        range.size = size;
        return range;
    }

    /** The perfect subtrees (hash left null) that make up the first {@code size} leaves, largest first. */
    public static List<Node> edgeOf(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        List<Node> nodes = new ArrayList<>();
        long start = 0;
        for (int level = 62; level >= 0; level--) {
            long width = 1L << level;
            if ((size & width) != 0) {
                nodes.add(new Node(level, start / width, null));
                start += width;
            }
        }
        return nodes;
    }

    /** Appends the next leaf, given its leaf hash. */
    public void append(byte[] leafHash) {
        Node node = new Node(0, size, leafHash);
        // Merge while the newest two subtrees are the same size: they are siblings.
        while (!edge.isEmpty() && edge.getLast().level() == node.level()) {
            Node left = edge.removeLast();
            node = new Node(node.level() + 1, left.index() / 2, Rfc6962.nodeHash(left.hash(), node.hash()));
            completed.accept(node);
        }
        edge.add(node);
        size++;
    }

    public long size() {
        return size;
    }

    /** The root hash of the tree of {@link #size()} leaves (RFC 6962 MTH). */
    public byte[] root() {
        if (edge.isEmpty()) {
            return Rfc6962.emptyRoot();
        }
        // MTH splits at the largest power of two below n, so the edge folds from the right.
        byte[] root = edge.getLast().hash();
        for (int i = edge.size() - 2; i >= 0; i--) {
            root = Rfc6962.nodeHash(edge.get(i).hash(), root);
        }
        return root;
    }
}
