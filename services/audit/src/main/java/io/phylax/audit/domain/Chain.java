package io.phylax.audit.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.phylax.audit.verify.LogEntry;

/**
 * Places admitted events at the end of the log: consecutive sequence numbers after the last entry, each hash
 * chained to the one before. The caller holds the log's append lock, so nothing else appends in between.
 */
public final class Chain {

    private Chain() {}

    /**
     * The last entry of the log, or {@link #EMPTY}.
     *
     * @param nextSeq  the sequence number the next entry gets (the log's size)
     * @param lastHash the last entry's chain link
     */
    public record Head(long nextSeq, byte[] lastHash) {}

    public static final Head EMPTY = new Head(0, LogEntry.chainStart());

    public static List<ChainedEntry> append(Head head, List<EntryDraft> drafts, Instant receivedAt) {
        List<ChainedEntry> chained = new ArrayList<>(drafts.size());
        long seq = head.nextSeq();
        byte[] previous = head.lastHash();
        for (EntryDraft draft : drafts) {
            LogEntry entry = draft.at(seq++, receivedAt);
            byte[] link = entry.chainHash(previous);
            chained.add(new ChainedEntry(entry, entry.leafHash(), link));
            previous = link;
        }
        return chained;
    }
}
