package io.phylax.audit.verify;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks Merkle proofs against root hashes by the verification algorithms of RFC 9162 §2.1.3.2 (inclusion) and
 * §2.1.4.2 (consistency). Needs nothing from the log but the proof: this is what makes the log's answers
 * checkable by someone who does not trust it.
 */
public final class ProofChecks {

    private ProofChecks() {}

    /**
     * Whether {@code path} proves that the leaf with {@code leafHash} sits at {@code leafIndex} in the tree of
     * {@code treeSize} leaves whose root is {@code root}.
     */
    public static boolean inclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (leafIndex < 0 || leafIndex >= treeSize || !wellFormed(path) || !isHash(leafHash)) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Rfc6962.nodeHash(p, r);
                // A right-edge node: skip the levels where it has no sibling.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = Rfc6962.nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Whether {@code proof} proves that the tree of {@code second} leaves with root {@code secondRoot} extends the
     * tree of {@code first} leaves with root {@code firstRoot}: the log only appended.
     */
    public static boolean consistency(
            long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first < 1 || second < first || !wellFormed(proof) || !isHash(firstRoot) || !isHash(secondRoot)) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        // A perfect first tree is itself a node of the second; its root starts the walk.
        if (Long.bitCount(first) == 1) {
            path.addFirst(firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.getFirst();
        byte[] sr = path.getFirst();
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Rfc6962.nodeHash(c, fr);
                sr = Rfc6962.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = Rfc6962.nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
    }

    private static boolean wellFormed(List<byte[]> hashes) {
        return hashes != null && hashes.stream().allMatch(ProofChecks::isHash);
    }

    private static boolean isHash(byte[] hash) {
        return hash != null && hash.length == Rfc6962.HASH_BYTES;
    }
}
