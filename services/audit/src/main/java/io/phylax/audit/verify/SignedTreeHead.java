package io.phylax.audit.verify;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;

/**
 * A signed tree head: the log's size and Merkle root at a moment, signed with the log's Ed25519 key. Anyone
 * holding the public key can check it, and then check proofs against its root.
 *
 * <p>The signed bytes follow RFC 6962 §3.5 ({@code TreeHeadSignature}): version {@code 0} (v1), signature type
 * {@code 1} (tree_hash), the timestamp in milliseconds and the tree size as 8-byte big-endian numbers, then the
 * 32-byte root hash.
 *
 * @param treeSize  number of entries the tree covers (entries 0 to treeSize - 1)
 * @param timestamp when it was signed, in milliseconds since the epoch
 * @param rootHash  the Merkle root of the first treeSize entries
 * @param keyId     SHA-256 of the signing key's SubjectPublicKeyInfo (which key to check it with)
 * @param signature Ed25519 signature over {@link #signedBytes()}
 */
public record SignedTreeHead(long treeSize, long timestamp, byte[] rootHash, byte[] keyId, byte[] signature) {

    public static final String SIGNATURE_ALGORITHM = "Ed25519";

    private static final byte VERSION_V1 = 0;
    private static final byte TREE_HASH = 1;

    public SignedTreeHead {
        if (treeSize < 0) {
            throw new IllegalArgumentException("treeSize must not be negative");
        }
        if (rootHash == null || rootHash.length != Rfc6962.HASH_BYTES) {
            throw new IllegalArgumentException("rootHash must be 32 bytes");
        }
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    /** The bytes a tree head's signature covers. */
    public static byte[] signedBytes(long treeSize, long timestamp, byte[] rootHash) {
        return ByteBuffer.allocate(2 + 8 + 8 + Rfc6962.HASH_BYTES)
                .put(VERSION_V1)
                .put(TREE_HASH)
                .putLong(timestamp)
                .putLong(treeSize)
                .put(rootHash)
                .array();
    }

    public byte[] signedBytes() {
        return signedBytes(treeSize, timestamp, rootHash);
    }

    /** Whether the signature is this key's over these values (and the key id names this key). */
    public boolean verifies(PublicKey key) {
        if (!MessageDigest.isEqual(keyId, keyIdOf(key))) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(key);
            verifier.update(signedBytes());
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A malformed signature is a signature that does not verify.
            return false;
        }
    }

    /** The id of a key: SHA-256 of its X.509 SubjectPublicKeyInfo encoding. */
    public static byte[] keyIdOf(PublicKey key) {
        return Rfc6962.sha256().digest(key.getEncoded());
    }
}
