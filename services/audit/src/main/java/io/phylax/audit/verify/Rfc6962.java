package io.phylax.audit.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hashes of an RFC 6962 / RFC 9162 Merkle tree with SHA-256: a leaf is {@code SHA-256(0x00 || data)}, an
 * interior node {@code SHA-256(0x01 || left || right)}, the empty tree {@code SHA-256("")}. The distinct prefixes
 * keep a leaf from ever being passed off as a node (second-preimage resistance).
 */
public final class Rfc6962 {

    /** Length of every hash in the tree. */
    public static final int HASH_BYTES = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private Rfc6962() {}

    public static byte[] leafHash(byte[] leafData) {
        MessageDigest sha = sha256();
        sha.update(LEAF_PREFIX);
        sha.update(leafData);
        return sha.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update(NODE_PREFIX);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The root of the tree with no leaves. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** The largest power of two strictly smaller than {@code n} (n at least 2): RFC 6962's split point k. */
    public static long largestPowerOfTwoBelow(long n) {
        if (n < 2) {
            throw new IllegalArgumentException("a split needs at least two leaves");
        }
        return Long.highestOneBit(n - 1);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
