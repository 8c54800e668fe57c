package io.phylax.audit.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.function.Consumer;

import io.phylax.audit.verify.Rfc6962;

/**
 * Roots and proofs of the log's Merkle tree by the definitions of RFC 6962 §2.1 (MTH, PATH, PROOF). Every
 * subtree those definitions hash decomposes into O(log n) perfect, aligned subtrees, which a {@link NodeSource}
 * supplies; so a proof costs O(log² n) stored hashes, never a pass over the log.
 *
 * <p>Which nodes an operation needs does not depend on their values: {@link #nodesFor} runs it against a
 * recorder, so a caller can load exactly those nodes in one query first.
 */
public final class MerkleTree {

    private static final byte[] PLACEHOLDER = new byte[Rfc6962.HASH_BYTES];

    private final NodeSource nodes;

    public MerkleTree(NodeSource nodes) {
        this.nodes = nodes;
    }

    /** The nodes {@code operation} reads from its tree, in first-use order. */
    public static SequencedSet<NodeId> nodesFor(Consumer<MerkleTree> operation) {
        SequencedSet<NodeId> used = new LinkedHashSet<>();
        operation.accept(new MerkleTree(node -> {
            used.add(node);
            return PLACEHOLDER;
        }));
        return used;
    }

    /** MTH of the first {@code size} leaves. */
    public byte[] root(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        return size == 0 ? Rfc6962.emptyRoot() : range(0, size);
    }

    /** PATH(leaf, D[size]): the audit path of one leaf, deepest sibling first. */
    public List<byte[]> inclusionProof(long leaf, long size) {
        if (leaf < 0 || leaf >= size) {
            throw new IllegalArgumentException("leaf must be within the tree");
        }
        List<byte[]> path = new ArrayList<>();
        path(leaf, 0, size, path);
        return path;
    }

    /** PROOF(from, D[to]): the nodes that show the tree of {@code to} leaves extends that of {@code from}. */
    public List<byte[]> consistencyProof(long from, long to) {
        if (from < 1 || from > to) {
            throw new IllegalArgumentException("sizes must satisfy 0 < from <= to");
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(from, 0, to, true, proof);
        return proof;
    }

    /** PATH(m, D[start, start+n)), appended deepest first. */
    private void path(long m, long start, long n, List<byte[]> out) {
        if (n == 1) {
            return;
        }
        long k = Rfc6962.largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, start, k, out);
            out.add(range(start + k, start + n));
        } else {
            path(m - k, start + k, n - k, out);
            out.add(range(start, start + k));
        }
    }

    /** SUBPROOF(m, D[start, start+n), b). */
    private void subproof(long m, long start, long n, boolean whole, List<byte[]> out) {
        if (m == n) {
            if (!whole) {
                out.add(range(start, start + n));
            }
            return;
        }
        long k = Rfc6962.largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, start, k, whole, out);
            out.add(range(start + k, start + n));
        } else {
            subproof(m - k, start + k, n - k, false, out);
            out.add(range(start, start + k));
        }
    }

    /**
     * MTH(D[start, end)). In every range the RFC's recursion visits, start is a multiple of the smallest power of
     * two not below the length, so the range splits into aligned perfect subtrees, largest first.
     */
    private byte[] range(long start, long end) {
        List<NodeId> pieces = new ArrayList<>();
        long at = start;
        for (int level = 62; level >= 0; level--) {
            long width = 1L << level;
            if (((end - start) & width) != 0) {
                if (at % width != 0) {
                    throw new IllegalStateException("unaligned subtree");
                }
                pieces.add(new NodeId(level, at / width));
                at += width;
            }
        }
        byte[] hash = nodes.hash(pieces.getLast());
        for (int i = pieces.size() - 2; i >= 0; i--) {
            hash = Rfc6962.nodeHash(nodes.hash(pieces.get(i)), hash);
        }
        return hash;
    }
}
