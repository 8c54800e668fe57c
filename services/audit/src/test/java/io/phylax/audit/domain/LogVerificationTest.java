package io.phylax.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.phylax.audit.domain.LogVerification.Problem;
import io.phylax.audit.domain.LogVerification.Result;
import io.phylax.audit.verify.CompactRange;
import io.phylax.audit.verify.LogEntry;
import io.phylax.audit.verify.SignedTreeHead;

/** The verification walk names the first broken entry, however the log was tampered with. */
class LogVerificationTest {

    private static final Instant RECEIVED = Instant.parse("2025-03-14T09:26:54Z");

    private final KeyPair key = newKey();
    private final List<ChainedEntry> log = newLog(10);

    @Test
    void anIntactLogWithItsSignedHeadsIsConsistent() {
        Result result = walk(log, List.of(head(log, 0), head(log, 4), head(log, 10)));

        assertThat(result.consistent()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(10);
        assertThat(result.treeHeadsChecked()).isEqualTo(3);
        assertThat(result.firstBrokenEntry()).isNull();
    }

    @Test
    void anEditedEntryIsNamed() {
        List<ChainedEntry> tampered = new ArrayList<>(log);
        ChainedEntry original = tampered.get(6);
        tampered.set(
                6,
                new ChainedEntry(withOutcome(original.entry(), "DENIED"), original.leafHash(), original.entryHash()));

        Result result = walk(tampered, List.of(head(log, 10)));

        assertThat(result.consistent()).isFalse();
        assertThat(result.firstBrokenEntry()).isEqualTo(6);
        assertThat(result.problem()).isEqualTo(Problem.ENTRY_ALTERED);
    }

    @Test
    void aDeletedEntryIsNamed() {
        List<ChainedEntry> tampered = new ArrayList<>(log);
        tampered.remove(3);

        Result result = walk(tampered, List.of(head(log, 10)));

        assertThat(result.firstBrokenEntry()).isEqualTo(3);
        assertThat(result.problem()).isEqualTo(Problem.ENTRY_MISSING);
    }

    @Test
    void entriesCutFromTheEndUnderASignedHeadAreNamed() {
        Result result = walk(log.subList(0, 8), List.of(head(log, 10)));

        assertThat(result.firstBrokenEntry()).isEqualTo(8);
        assertThat(result.problem()).isEqualTo(Problem.ENTRY_MISSING);
    }

    @Test
    void anEditedEntryWithARecomputedLeafHashBreaksTheChainThere() {
        List<ChainedEntry> tampered = new ArrayList<>(log);
        LogEntry edited = withOutcome(tampered.get(2).entry(), "DENIED");
        tampered.set(
                2, new ChainedEntry(edited, edited.leafHash(), tampered.get(2).entryHash()));

        Result result = walk(tampered, List.of());

        assertThat(result.firstBrokenEntry()).isEqualTo(2);
        assertThat(result.problem()).isEqualTo(Problem.CHAIN_BROKEN);
    }

    @Test
    void aConsistentRewriteIsCaughtByTheSignedHead() {
        // Every stored hash recomputed from entry 5 on: only the signed roots still know the truth.
        List<ChainedEntry> rewritten = new ArrayList<>(log.subList(0, 5));
        List<EntryDraft> drafts = new ArrayList<>();
        for (ChainedEntry c : log.subList(5, 10)) {
            drafts.add(draftOf(withOutcome(c.entry(), "DENIED")));
        }
        ChainedEntry last = rewritten.getLast();
        rewritten.addAll(Chain.append(new Chain.Head(5, last.entryHash()), drafts, RECEIVED));

        Result result = walk(rewritten, List.of(head(log, 4), head(log, 10)));

        assertThat(result.consistent()).isFalse();
        assertThat(result.problem()).isEqualTo(Problem.TREE_HEAD_MISMATCH);
        assertThat(result.treeSize()).isEqualTo(10);
        assertThat(result.firstBrokenEntry()).isEqualTo(4);
    }

    @Test
    void aHeadNotSignedByTheServiceKeyIsReported() {
        SignedTreeHead genuine = head(log, 10);
        SignedTreeHead forged = new SignedTreeHead(
                10, genuine.timestamp() + 1, genuine.rootHash(), genuine.keyId(), genuine.signature());

        Result result = walk(log, List.of(forged));

        assertThat(result.problem()).isEqualTo(Problem.TREE_HEAD_SIGNATURE);
        assertThat(result.treeSize()).isEqualTo(10);
    }

    private Result walk(List<ChainedEntry> entries, List<SignedTreeHead> heads) {
        LogVerification walk = new LogVerification(heads, key.getPublic());
        for (ChainedEntry entry : entries) {
            if (!walk.accept(entry)) {
                break;
            }
        }
        return walk.finish();
    }

    private SignedTreeHead head(List<ChainedEntry> entries, int size) {
        CompactRange range = new CompactRange();
        entries.subList(0, size).forEach(e -> range.append(e.leafHash()));
        long timestamp = 1_700_000_000_000L + size;
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.getPrivate());
            signer.update(SignedTreeHead.signedBytes(size, timestamp, range.root()));
            return new SignedTreeHead(
                    size, timestamp, range.root(), SignedTreeHead.keyIdOf(key.getPublic()), signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ChainedEntry> newLog(int size) {
        List<EntryDraft> drafts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            drafts.add(
                    i % 3 == 0
                            ? EntryDrafts.aRecordAdded().build()
                            : EntryDrafts.aRead().build());
        }
        return Chain.append(Chain.EMPTY, drafts, RECEIVED);
    }

    private static LogEntry withOutcome(LogEntry e, String outcome) {
        return new LogEntry(
                e.seq(),
                e.eventId(),
                e.kind(),
                e.tenant(),
                e.subjectId(),
                e.streamId(),
                e.streamType(),
                e.recordType(),
                e.streamVersion(),
                e.actorIssuer(),
                e.actorSubject(),
                e.actorClient(),
                e.action(),
                outcome,
                e.purpose(),
                e.occurredAt(),
                e.correlationId(),
                e.receivedAt());
    }

    private static EntryDraft draftOf(LogEntry e) {
        return new EntryDraft(
                e.eventId(),
                e.kind(),
                e.tenant(),
                e.subjectId(),
                e.streamId(),
                e.streamType(),
                e.recordType(),
                e.streamVersion(),
                e.actorIssuer(),
                e.actorSubject(),
                e.actorClient(),
                e.action(),
                e.outcome(),
                e.purpose(),
                e.occurredAt(),
                e.correlationId());
    }

    private static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
