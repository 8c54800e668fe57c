package io.phylax.audit.domain;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.List;

import io.phylax.audit.verify.CompactRange;
import io.phylax.audit.verify.LogEntry;
import io.phylax.audit.verify.Rfc6962;
import io.phylax.audit.verify.SignedTreeHead;

/**
 * Re-walks the stored log in sequence order and names the first entry that breaks it. Each entry is re-encoded
 * from its stored fields and must reproduce its stored leaf hash and chain link; the sequence numbers must have no
 * gap; and the Merkle root recomputed from the entries must equal the signed root of every stored tree head, each
 * signature checked with the service's key. A rewrite that recomputed every stored hash still fails against the
 * signed heads.
 */
public final class LogVerification {

    /** What kind of break was found. */
    public enum Problem {
        /** An entry is gone: the next stored sequence number skips it, or a signed head counts more entries. */
        ENTRY_MISSING,
        /** An entry's fields no longer produce its stored leaf hash: it was edited. */
        ENTRY_ALTERED,
        /** An entry's stored chain link does not follow from the entries before it. */
        CHAIN_BROKEN,
        /** The entries up to a signed size no longer produce that tree head's root. */
        TREE_HEAD_MISMATCH,
        /** A stored tree head's signature does not verify with the service's key. */
        TREE_HEAD_SIGNATURE
    }

    /**
     * The outcome of a walk.
     *
     * @param consistent       whether nothing was broken
     * @param entriesChecked   entries that passed every check
     * @param treeHeadsChecked signed tree heads whose root and signature matched
     * @param firstBrokenEntry the sequence number of the first broken entry, when one can be named
     * @param problem          what was broken, when something was
     * @param treeSize         the size of the tree head concerned, for tree-head problems
     * @param detail           one sentence for the auditor (sequence numbers and sizes only)
     */
    public record Result(
            boolean consistent,
            long entriesChecked,
            int treeHeadsChecked,
            Long firstBrokenEntry,
            Problem problem,
            Long treeSize,
            String detail) {}

    private final List<SignedTreeHead> heads;
    private final PublicKey key;
    private final CompactRange tree = new CompactRange();
    private byte[] previousLink = LogEntry.chainStart();
    private long expected;
    private int nextHead;
    private long lastGoodHeadSize;
    private Result broken;

    /** A walk that checks the entries against {@code heads}, signed with {@code key}. */
    public LogVerification(List<SignedTreeHead> heads, PublicKey key) {
        this.heads = heads.stream()
                .sorted(Comparator.comparingLong(SignedTreeHead::treeSize))
                .toList();
        this.key = key;
        checkHeadsAtCurrentSize();
    }

    /** Checks the next stored entry; false once the log is known to be broken (further entries are not needed). */
    public boolean accept(ChainedEntry stored) {
        if (broken != null) {
            return false;
        }
        LogEntry entry = stored.entry();
        long seq = entry.seq();
        if (seq != expected) {
            broken = entryProblem(
                    expected,
                    Problem.ENTRY_MISSING,
                    "entry " + expected + " is missing (the next stored is " + seq + ")");
            return false;
        }
        byte[] canonical = entry.canonical();
        byte[] leaf = Rfc6962.leafHash(canonical);
        if (!MessageDigest.isEqual(leaf, stored.leafHash())) {
            broken = entryProblem(seq, Problem.ENTRY_ALTERED, "entry " + seq + " no longer matches its leaf hash");
            return false;
        }
        byte[] link = entry.chainHash(previousLink);
        if (!MessageDigest.isEqual(link, stored.entryHash())) {
            broken = entryProblem(
                    seq, Problem.CHAIN_BROKEN, "entry " + seq + "'s hash does not follow from the entries before it");
            return false;
        }
        previousLink = link;
        tree.append(leaf);
        expected++;
        checkHeadsAtCurrentSize();
        return broken == null;
    }

    /** The outcome, once every stored entry was offered (or {@link #accept} returned false). */
    public Result finish() {
        if (broken == null && nextHead < heads.size()) {
            long signedSize = heads.get(nextHead).treeSize();
            broken = entryProblem(
                    expected,
                    Problem.ENTRY_MISSING,
                    "a signed tree head counts " + signedSize + " entries but the log ends after " + expected);
        }
        if (broken != null) {
            return broken;
        }
        return new Result(true, expected, nextHead, null, null, null, "every entry and tree head checks out");
    }

    private void checkHeadsAtCurrentSize() {
        while (broken == null && nextHead < heads.size() && heads.get(nextHead).treeSize() == tree.size()) {
            SignedTreeHead head = heads.get(nextHead);
            if (!head.verifies(key)) {
                broken = new Result(
                        false,
                        expected,
                        nextHead,
                        null,
                        Problem.TREE_HEAD_SIGNATURE,
                        head.treeSize(),
                        "the tree head of size " + head.treeSize() + " is not signed by this service's key");
            } else if (!MessageDigest.isEqual(head.rootHash(), tree.root())) {
                // The stored hashes were rewritten consistently; only the signed roots still hold the truth.
                broken = new Result(
                        false,
                        lastGoodHeadSize,
                        nextHead,
                        lastGoodHeadSize,
                        Problem.TREE_HEAD_MISMATCH,
                        head.treeSize(),
                        "entries " + lastGoodHeadSize + " to " + (head.treeSize() - 1)
                                + " no longer produce the signed root of the tree head of size " + head.treeSize());
            } else {
                lastGoodHeadSize = head.treeSize();
                nextHead++;
            }
        }
    }

    private Result entryProblem(long seq, Problem problem, String detail) {
        return new Result(false, expected, nextHead, seq, problem, null, detail);
    }
}
