package io.phylax.audit.application;

import java.util.List;
import java.util.Optional;

import io.phylax.audit.verify.SignedTreeHead;

/**
 * That the tree of {@code toSize} entries extends the tree of {@code fromSize} entries.
 *
 * @param fromSize     the earlier size
 * @param toSize       the later size
 * @param proof        RFC 6962 PROOF
 * @param fromTreeHead the signed tree head of the earlier size, if one was signed
 * @param toTreeHead   the signed tree head of the later size, if one was signed
 */
public record ConsistencyProof(
        long fromSize,
        long toSize,
        List<byte[]> proof,
        Optional<SignedTreeHead> fromTreeHead,
        Optional<SignedTreeHead> toTreeHead) {}
