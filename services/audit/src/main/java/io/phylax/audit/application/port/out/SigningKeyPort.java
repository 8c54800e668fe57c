package io.phylax.audit.application.port.out;

import java.security.PublicKey;

import io.phylax.audit.verify.SignedTreeHead;

/** The log's Ed25519 signing key. */
public interface SigningKeyPort {

    SignedTreeHead sign(long treeSize, long timestamp, byte[] rootHash);

    PublicKey publicKey();
}
