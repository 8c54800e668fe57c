package io.phylax.audit.domain;

import io.phylax.audit.verify.LogEntry;

/**
 * An entry with the two hashes stored beside it: its Merkle leaf hash and its link in the hash chain.
 *
 * @param entry     the entry
 * @param leafHash  {@code SHA-256(0x00 || canonical)}
 * @param entryHash {@code SHA-256(previous entryHash || canonical)}
 */
public record ChainedEntry(LogEntry entry, byte[] leafHash, byte[] entryHash) {}
