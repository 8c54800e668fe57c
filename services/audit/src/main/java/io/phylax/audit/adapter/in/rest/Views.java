package io.phylax.audit.adapter.in.rest;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.phylax.audit.domain.ChainedEntry;
import io.phylax.audit.domain.LogVerification;
import io.phylax.audit.verify.LogEntry;
import io.phylax.audit.verify.SignedTreeHead;

/**
 * The JSON the audit API answers with. Ids, codes, actors and times only. Hashes, key ids and signatures are
 * standard base64; times are ISO-8601 in UTC. The verifier (io.phylax.audit.verify.WireFormat) reads these
 * field names back.
 */
final class Views {

    private Views() {}

    /** Who acted: the names of a principal from a verified token, never a person's name. */
    record ActorView(String issuer, String subject, String clientId) {}

    record EntryView(
            long seq,
            UUID eventId,
            String kind,
            String tenant,
            UUID subjectId,
            UUID streamId,
            String streamType,
            String recordType,
            Long streamVersion,
            ActorView actor,
            String action,
            String outcome,
            String purpose,
            String occurredAt,
            String correlationId,
            String receivedAt,
            String entryHash) {}

    record EventsPage(List<EntryView> entries, String nextCursor) {}

    /** One line of the accounting of disclosures: who, when, what, with what outcome and why. */
    record DisclosureView(
            long seq,
            String occurredAt,
            ActorView actor,
            String action,
            String outcome,
            String purpose,
            UUID streamId,
            String correlationId) {}

    record DisclosuresPage(UUID subjectId, List<DisclosureView> disclosures, String nextCursor) {}

    record TreeHeadView(
            long treeSize,
            long timestamp,
            String issuedAt,
            String rootHash,
            String keyId,
            String signature,
            String signatureAlgorithm) {}

    record InclusionProofView(
            String type,
            long leafIndex,
            long treeSize,
            EntryView entry,
            String leafHash,
            List<String> auditPath,
            TreeHeadView treeHead) {}

    record ConsistencyProofView(
            String type,
            long fromSize,
            long toSize,
            List<String> proof,
            TreeHeadView fromTreeHead,
            TreeHeadView toTreeHead) {}

    record VerificationView(
            boolean consistent,
            long entriesChecked,
            int treeHeadsChecked,
            Long firstBrokenEntry,
            String problem,
            Long treeSize,
            String detail) {}

    static EntryView entry(ChainedEntry chained) {
        LogEntry e = chained.entry();
        return new EntryView(
                e.seq(),
                e.eventId(),
                e.kind(),
                e.tenant(),
                e.subjectId(),
                e.streamId(),
                e.streamType(),
                e.recordType(),
                e.streamVersion(),
                actor(e),
                e.action(),
                e.outcome(),
                e.purpose(),
                e.occurredAt().toString(),
                e.correlationId(),
                e.receivedAt().toString(),
                base64(chained.entryHash()));
    }

    static DisclosureView disclosure(ChainedEntry chained) {
        LogEntry e = chained.entry();
        return new DisclosureView(
                e.seq(),
                e.occurredAt().toString(),
                actor(e),
                e.action(),
                e.outcome(),
                e.purpose(),
                e.streamId(),
                e.correlationId());
    }

    static TreeHeadView treeHead(SignedTreeHead head) {
        return head == null
                ? null
                : new TreeHeadView(
                        head.treeSize(),
                        head.timestamp(),
                        Instant.ofEpochMilli(head.timestamp()).toString(),
                        base64(head.rootHash()),
                        base64(head.keyId()),
                        base64(head.signature()),
                        SignedTreeHead.SIGNATURE_ALGORITHM);
    }

    static VerificationView verification(LogVerification.Result result) {
        return new VerificationView(
                result.consistent(),
                result.entriesChecked(),
                result.treeHeadsChecked(),
                result.firstBrokenEntry(),
                result.problem() == null ? null : result.problem().name(),
                result.treeSize(),
                result.detail());
    }

    static List<String> hashes(List<byte[]> hashes) {
        return hashes.stream().map(Views::base64).toList();
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String cursor(Long seq) {
        return seq == null ? null : Long.toString(seq);
    }

    private static ActorView actor(LogEntry e) {
        return e.actorSubject() == null ? null : new ActorView(e.actorIssuer(), e.actorSubject(), e.actorClient());
    }
}
