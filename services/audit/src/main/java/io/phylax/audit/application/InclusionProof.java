package io.phylax.audit.application;

import java.util.List;
import java.util.Optional;

import io.phylax.audit.domain.ChainedEntry;
import io.phylax.audit.verify.SignedTreeHead;

/**
 * That an entry is in the tree of a given size.
 *
 * @param entry     the entry (its fields give the leaf hash)
 * @param treeSize  the size of the tree
 * @param auditPath RFC 6962 PATH, deepest sibling first
 * @param treeHead  the signed tree head of exactly that size, if one was signed
 */
public record InclusionProof(
        ChainedEntry entry, long treeSize, List<byte[]> auditPath, Optional<SignedTreeHead> treeHead) {}
