package io.phylax.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.phylax.audit.verify.LogEntry;
import io.phylax.audit.verify.Rfc6962;

/** Appending to the hash chain: consecutive sequence numbers, each link over the one before. */
class ChainTest {

    private static final Instant RECEIVED = Instant.parse("2025-03-14T09:26:54Z");

    @Test
    void appendsAfterTheHeadWithConsecutiveNumbersAndLinkedHashes() {
        List<ChainedEntry> first = Chain.append(
                Chain.EMPTY,
                List.of(EntryDrafts.aRead().build(), EntryDrafts.aRecordAdded().build()),
                RECEIVED);
        ChainedEntry last = first.getLast();
        List<ChainedEntry> second = Chain.append(
                new Chain.Head(last.entry().seq() + 1, last.entryHash()),
                List.of(EntryDrafts.aRead().build()),
                RECEIVED);

        assertThat(first).extracting(c -> c.entry().seq()).containsExactly(0L, 1L);
        assertThat(second.getFirst().entry().seq()).isEqualTo(2);
        assertThat(first.getFirst().entryHash())
                .isEqualTo(first.getFirst().entry().chainHash(LogEntry.chainStart()));
        assertThat(first.get(1).entryHash())
                .isEqualTo(first.get(1).entry().chainHash(first.getFirst().entryHash()));
        assertThat(second.getFirst().entryHash())
                .isEqualTo(second.getFirst().entry().chainHash(last.entryHash()));
        assertThat(first.getFirst().leafHash())
                .isEqualTo(Rfc6962.leafHash(first.getFirst().entry().canonical()));
    }

    @Test
    void theSameEventsAfterADifferentHeadChainDifferently() {
        EntryDraft draft = EntryDrafts.aRead().build();
        byte[] one =
                Chain.append(Chain.EMPTY, List.of(draft), RECEIVED).getFirst().entryHash();
        byte[] other = Chain.append(
                        new Chain.Head(0, new byte[] {
                            1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                            0
                        }),
                        List.of(draft),
                        RECEIVED)
                .getFirst()
                .entryHash();
        assertThat(one).isNotEqualTo(other);
    }
}
