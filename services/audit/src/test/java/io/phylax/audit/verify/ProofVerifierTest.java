package io.phylax.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.phylax.audit.domain.MerkleTree;

/** The command-line verifier, on documents in the API's shape built here from a small log signed with a test key. */
class ProofVerifierTest {

    private static final Instant AT = Instant.parse("2025-03-14T09:26:53.589123Z");

    @TempDir
    Path dir;

    private KeyPair key;
    private final List<LogEntry> entries = new ArrayList<>();
    private final List<byte[]> leafHashes = new ArrayList<>();

    @BeforeEach
    void aSignedLogOfSevenEntries() throws GeneralSecurityException {
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        for (int seq = 0; seq < 7; seq++) {
            LogEntry entry = new LogEntry(
                    seq,
                    UUID.randomUUID(),
                    "access",
                    "clinic-a",
                    UUID.randomUUID(),
                    null,
                    null,
                    null,
                    null,
                    "http://127.0.0.1:18080/realms/phylax",
                    "actor-" + seq,
                    "phylax-cli",
                    "READ",
                    seq == 3 ? "DENIED" : "ALLOWED",
                    seq == 3 ? null : "TREAT",
                    AT,
                    "req-" + seq,
                    AT);
            entries.add(entry);
            leafHashes.add(entry.leafHash());
        }
    }

    @Test
    void anInclusionProofFromTheLogVerifies() throws Exception {
        int status = run(treeHead(7), inclusion(3, 7, entryJson(entries.get(3))), Pem.encode(key.getPublic()));
        assertThat(status).isEqualTo(ProofVerifier.VALID);
    }

    @Test
    void anEntryWhoseFieldsWereChangedDoesNotVerify() throws Exception {
        String altered = entryJson(entries.get(3)).replace("\"DENIED\"", "\"ALLOWED\"");
        int status = run(treeHead(7), inclusion(3, 7, altered), Pem.encode(key.getPublic()));
        assertThat(status).isEqualTo(ProofVerifier.INVALID);
    }

    @Test
    void aTamperedAuditPathDoesNotVerify() throws Exception {
        String proof = inclusion(3, 7, entryJson(entries.get(3)));
        String firstHash = proof.replaceAll("(?s).*\"auditPath\":\\[\"([^\"]+)\".*", "$1");
        byte[] flipped = Base64.getDecoder().decode(firstHash);
        flipped[5] ^= 0x10;
        String tampered = proof.replace(firstHash, Base64.getEncoder().encodeToString(flipped));
        assertThat(run(treeHead(7), tampered, Pem.encode(key.getPublic()))).isEqualTo(ProofVerifier.INVALID);
    }

    @Test
    void aTreeHeadSignedByAnotherKeyDoesNotVerify() throws Exception {
        String otherKey = Pem.encode(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());
        int status = run(treeHead(7), inclusion(3, 7, entryJson(entries.get(3))), otherKey);
        assertThat(status).isEqualTo(ProofVerifier.INVALID);
    }

    @Test
    void aConsistencyProofVerifiesWithTheEarlierHeadEmbeddedOrGiven() throws Exception {
        String proof = consistency(4, 7);
        String pem = Pem.encode(key.getPublic());
        assertThat(run(treeHead(7), proof, pem)).isEqualTo(ProofVerifier.VALID);
        assertThat(runWithOld(treeHead(7), proof, pem, treeHead(4))).isEqualTo(ProofVerifier.VALID);
        assertThat(runWithOld(treeHead(7), proof, pem, treeHead(5))).isEqualTo(ProofVerifier.INVALID);
    }

    @Test
    void unreadableInputIsAUsageError() throws Exception {
        assertThat(run("{}", "not json", Pem.encode(key.getPublic()))).isEqualTo(ProofVerifier.UNUSABLE_INPUT);
        assertThat(ProofVerifier.run(new String[] {"only-one"}, quiet(), quiet()))
                .isEqualTo(ProofVerifier.UNUSABLE_INPUT);
    }

    private int run(String treeHead, String proof, String pem) throws IOException {
        return ProofVerifier.run(
                new String[] {write("head.json", treeHead), write("proof.json", proof), write("key.pem", pem)},
                quiet(),
                quiet());
    }

    private int runWithOld(String treeHead, String proof, String pem, String old) throws IOException {
        return ProofVerifier.run(
                new String[] {
                    write("head.json", treeHead),
                    write("proof.json", proof),
                    write("key.pem", pem),
                    write("old.json", old)
                },
                quiet(),
                quiet());
    }

    private String write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8)
                .toString();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private MerkleTree tree() {
        return new MerkleTree(node -> {
            CompactRange range = new CompactRange();
            long first = node.firstLeaf();
            for (long i = first; i < first + (1L << node.level()); i++) {
                range.append(leafHashes.get((int) i));
            }
            return range.root();
        });
    }

    private String treeHead(int size) throws GeneralSecurityException {
        byte[] root = tree().root(size);
        long timestamp = 1_700_000_000_000L + size;
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(SignedTreeHead.signedBytes(size, timestamp, root));
        return "{\"treeSize\":" + size + ",\"timestamp\":" + timestamp + ",\"rootHash\":\"" + b64(root)
                + "\",\"keyId\":\"" + b64(SignedTreeHead.keyIdOf(key.getPublic())) + "\",\"signature\":\""
                + b64(signer.sign()) + "\",\"signatureAlgorithm\":\"Ed25519\"}";
    }

    private String inclusion(int leaf, int size, String entryJson) {
        return "{\"type\":\"inclusion\",\"leafIndex\":" + leaf + ",\"treeSize\":" + size + ",\"entry\":" + entryJson
                + ",\"auditPath\":" + hashes(tree().inclusionProof(leaf, size)) + "}";
    }

    private String consistency(int from, int to) throws GeneralSecurityException {
        return "{\"type\":\"consistency\",\"fromSize\":" + from + ",\"toSize\":" + to + ",\"proof\":"
                + hashes(tree().consistencyProof(from, to)) + ",\"fromTreeHead\":" + treeHead(from) + "}";
    }

    private static String entryJson(LogEntry e) {
        return "{\"seq\":" + e.seq() + ",\"eventId\":\"" + e.eventId() + "\",\"kind\":\"" + e.kind()
                + "\",\"tenant\":\"" + e.tenant() + "\",\"subjectId\":\"" + e.subjectId()
                + "\",\"streamId\":null,\"streamType\":null,\"recordType\":null,\"streamVersion\":null,"
                + "\"actor\":{\"issuer\":\"" + e.actorIssuer() + "\",\"subject\":\"" + e.actorSubject()
                + "\",\"clientId\":\"" + e.actorClient() + "\"},\"action\":\"" + e.action() + "\",\"outcome\":\""
                + e.outcome() + "\",\"purpose\":" + (e.purpose() == null ? "null" : "\"" + e.purpose() + "\"")
                + ",\"occurredAt\":\"" + e.occurredAt() + "\",\"correlationId\":\"" + e.correlationId()
                + "\",\"receivedAt\":\"" + e.receivedAt() + "\"}";
    }

    private static String hashes(List<byte[]> hashes) {
        return hashes.stream().map(h -> "\"" + b64(h) + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
