package io.phylax.audit.it;

import static io.phylax.audit.it.Eventually.await;
import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.testkit.DemoRealm.CLINIC_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.phylax.audit.verify.Json;
import io.phylax.audit.verify.Pem;
import io.phylax.audit.verify.ProofVerifier;
import io.phylax.audit.verify.SignedTreeHead;
import io.phylax.audit.verify.WireFormat;
import io.phylax.contract.AccessEvent;
import io.quarkus.test.junit.QuarkusTest;

/** Signed tree heads and proofs from the running service, checked by the stand-alone verifier. */
@QuarkusTest
class ProofsIT {

    // @TempDir is not injected into @QuarkusTest instances; a directory of our own, removed after each test.
    private Path dir;

    @BeforeEach
    void aDirectoryForTheVerifiersFiles() throws IOException {
        dir = Files.createTempDirectory("audit-proofs-it");
    }

    @AfterEach
    void removeIt() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    @Test
    void theTreeHeadIsSignedByThePublishedKey() {
        String pem = publicKey();
        Map<String, Object> head = Json.parseObject(latestHead());

        SignedTreeHead parsed = WireFormat.treeHead(head);

        assertThat(parsed.verifies(Pem.decodeEd25519(pem))).isTrue();
        assertThat(Base64.getDecoder().decode((String) head.get("keyId")))
                .isEqualTo(SignedTreeHead.keyIdOf(Pem.decodeEd25519(pem)));
    }

    @Test
    void anInclusionProofFromTheApiVerifiesWithTheVerifierAndATamperedOneDoesNot() throws IOException {
        long seq = storedAndSigned(VaultTopics.aReadNow().build());
        String proof = AuditApi.asAuditor(CLINIC_A)
                .queryParam("entry", seq)
                .get("/api/v1/audit/proofs/inclusion")
                .then()
                .statusCode(200)
                .body("type", equalTo("inclusion"))
                .body("leafIndex", equalTo((int) seq))
                .extract()
                .asString();
        long treeSize = WireFormat.number(Json.parseObject(proof), "treeSize");
        String head = headOfSize(treeSize);

        assertThat(verify(head, proof)).isEqualTo(ProofVerifier.VALID);
        assertThat(verify(head, proof.replace("\"outcome\":\"ALLOWED\"", "\"outcome\":\"DENIED\"")))
                .as("the entry's outcome altered")
                .isEqualTo(ProofVerifier.INVALID);
        assertThat(verify(head, withFirstHashAltered(proof, "auditPath")))
                .as("the audit path altered")
                .isEqualTo(ProofVerifier.INVALID);
    }

    @Test
    void aConsistencyProofBetweenTwoSignedHeadsVerifiesAndATamperedOneDoesNot() throws IOException {
        long earlier = WireFormat.number(Json.parseObject(latestHead()), "treeSize");
        storedAndSigned(VaultTopics.aReadNow().build());
        String laterHead = latestHead();
        long later = WireFormat.number(Json.parseObject(laterHead), "treeSize");
        assertThat(later).isGreaterThan(earlier);

        String proof = AuditApi.asAuditor(CLINIC_A)
                .queryParam("from", earlier)
                .queryParam("to", later)
                .get("/api/v1/audit/proofs/consistency")
                .then()
                .statusCode(200)
                .body("fromSize", equalTo((int) earlier))
                .body("toSize", equalTo((int) later))
                .extract()
                .asString();

        assertThat(verify(laterHead, proof)).isEqualTo(ProofVerifier.VALID);
        assertThat(verify(laterHead, withFirstHashAltered(proof, "proof"))).isEqualTo(ProofVerifier.INVALID);
    }

    @Test
    void anotherClinicsEntryHasNoInclusionProofLikeAMissingOne() {
        long seq = storedAndSigned(VaultTopics.aReadNow().build());

        String foreign = AuditApi.asAuditor(CLINIC_B)
                .queryParam("entry", seq)
                .get("/api/v1/audit/proofs/inclusion")
                .then()
                .statusCode(404)
                .extract()
                .asString();
        String missing = AuditApi.asAuditor(CLINIC_B)
                .queryParam("entry", 999_999_999_999L)
                .get("/api/v1/audit/proofs/inclusion")
                .then()
                .statusCode(404)
                .extract()
                .asString();
        assertThat(foreign).isEqualTo(missing);
    }

    @Test
    void aTreeLargerThanTheLatestSignedOneIsRefused() {
        long seq = storedAndSigned(VaultTopics.aReadNow().build());
        long latest = WireFormat.number(Json.parseObject(latestHead()), "treeSize");

        AuditApi.asAuditor(CLINIC_A)
                .queryParam("entry", seq)
                .queryParam("treeSize", latest + 1_000_000)
                .get("/api/v1/audit/proofs/inclusion")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("treeSize"));
        AuditApi.asAuditor(CLINIC_A)
                .queryParam("entry", seq)
                .queryParam("treeSize", seq)
                .get("/api/v1/audit/proofs/inclusion")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("treeSize"));
    }

    /** Publishes the event and waits until it is stored and a signed tree head covers it; its sequence number. */
    private static long storedAndSigned(AccessEvent event) {
        VaultTopics.publish(event);
        long seq = await("the event stored", () -> AuditDatabase.entryOf(event.eventId()))
                                .get("seq")
                        instanceof Number n
                ? n.longValue()
                : -1;
        await("a signed tree head covering entry " + seq, () -> {
            long size = WireFormat.number(Json.parseObject(latestHead()), "treeSize");
            return size > seq ? Optional.of(size) : Optional.empty();
        });
        return seq;
    }

    private static String latestHead() {
        return AuditApi.asAuditor(CLINIC_A)
                .get("/api/v1/audit/tree-head")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static String headOfSize(long treeSize) {
        return AuditApi.asAuditor(CLINIC_A)
                .queryParam("treeSize", treeSize)
                .get("/api/v1/audit/tree-head")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static String publicKey() {
        return AuditApi.asAuditor(CLINIC_A)
                .get("/api/v1/audit/public-key")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** Runs the command-line verifier on files, as an outside auditor would. */
    private int verify(String head, String proof) throws IOException {
        Path headFile = Files.writeString(dir.resolve("tree-head.json"), head);
        Path proofFile = Files.writeString(dir.resolve("proof.json"), proof);
        Path keyFile = Files.writeString(dir.resolve("audit-public-key.pem"), publicKey());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return ProofVerifier.run(
                new String[] {headFile.toString(), proofFile.toString(), keyFile.toString()}, quiet, quiet);
    }

    private static String withFirstHashAltered(String proof, String field) {
        String first = proof.replaceAll("(?s).*\"" + field + "\":\\[\"([^\"]+)\".*", "$1");
        assertThat(first).as("the proof has a " + field + " element").isNotEqualTo(proof);
        byte[] hash = Base64.getDecoder().decode(first);
        hash[0] ^= 1;
        return proof.replace(first, Base64.getEncoder().encodeToString(hash));
    }
}
