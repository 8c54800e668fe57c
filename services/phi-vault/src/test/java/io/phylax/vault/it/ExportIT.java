package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.testkit.DemoRealm.CLINIC_B;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.observation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.contract.AccessAction;
import io.phylax.contract.AccessEvent;
import io.phylax.contract.AccessOutcome;
import io.phylax.contract.AccessSeverity;
import io.phylax.vault.application.fhir.FhirCodec;
import io.phylax.vault.application.port.in.AddRecordUseCase;
import io.phylax.vault.application.port.in.ExportUseCase;
import io.phylax.vault.application.port.in.ExportUseCase.ExportRefusedException;
import io.phylax.vault.application.port.in.NotFoundException;
import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.domain.ExportFormat;
import io.phylax.vault.domain.crypto.RecipientCipher;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.Vertx;

/**
 * Bulk exports with two-person approval (ADR 18). The whole flow, down to decrypting the file, runs on fresh
 * tenants through the use cases (a fresh tenant holds only this test's subjects, and no seeded token names
 * one); the refusals run through the clinic API with real Keycloak tokens of clinic A and B.
 */
@QuarkusTest
class ExportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyPair REQUESTER_KEYS = rsaKeys();

    @Inject
    Vertx vertx;

    @Inject
    ExportUseCase exports;

    @Inject
    AddRecordUseCase additions;

    @Inject
    FhirCodec fhir;

    @Inject
    TestSubjects subjects;

    // --- the whole flow on a fresh tenant --------------------------------------------------------------

    @Test
    void approvedExportDecryptsWithTheRequestersKeyToExactlyTheTenantsSubjects() throws Exception {
        String tenant = OnVertx.freshTenant("exp");
        String canary = canary();
        UUID first = register(tenant, canary);
        UUID second = register(tenant, canary);
        UUID record = addObservation(tenant, second, canary);
        UUID elsewhere = register(OnVertx.freshTenant("exp-other"), canary);

        UUID id = request(tenant, "alice", ExportFormat.NDJSON);
        ExportUseCase.ExportView approved;
        ExportUseCase.ExportFile file;
        List<String> logged;
        try (CapturedLogs logs = CapturedLogs.start()) {
            approved = OnVertx.await(vertx, () -> exports.approve(admin(tenant, "bob"), id));
            file = OnVertx.await(vertx, () -> exports.download(clinician(tenant, "alice"), id));
            logged = logs.lines();
        }

        assertThat(approved.status()).isEqualTo("PRODUCED");
        assertThat(approved.subjects()).isEqualTo(2);
        assertThat(approved.decidedBy()).isEqualTo("bob");
        assertThat(new String(file.jwe(), StandardCharsets.US_ASCII)).doesNotContain(canary);
        String ndjson = decrypt(file.jwe(), REQUESTER_KEYS.getPrivate(), "application/fhir+ndjson");
        List<JsonNode> resources = ndjson.lines().map(ExportIT::tree).toList();
        assertThat(resources.stream()
                        .map(r -> r.get("resourceType").asText() + "/"
                                + r.get("id").asText()))
                .containsExactlyInAnyOrder("Patient/" + first, "Patient/" + second, "Observation/" + record);
        assertThat(ndjson).contains(canary + "-Family").doesNotContain(elsewhere.toString());
        // The canary is in the encrypted file only: no table holds it in clear, no log line names it.
        assertThat(VaultDatabase.tablesContaining(canary)).isEmpty();
        assertThat(logged).noneSatisfy(line -> assertThat(line).contains(canary));
    }

    @Test
    void bundleExportIsOneFhirCollectionBundle() throws Exception {
        String tenant = OnVertx.freshTenant("exp");
        String canary = canary();
        UUID subject = register(tenant, canary);

        UUID id = request(tenant, "alice", ExportFormat.BUNDLE);
        OnVertx.await(vertx, () -> exports.approve(admin(tenant, "bob"), id));
        ExportUseCase.ExportFile file = OnVertx.await(vertx, () -> exports.download(clinician(tenant, "alice"), id));

        JsonNode bundle = tree(decrypt(file.jwe(), REQUESTER_KEYS.getPrivate(), "application/fhir+json"));
        assertThat(bundle.get("resourceType").asText()).isEqualTo("Bundle");
        assertThat(bundle.get("type").asText()).isEqualTo("collection");
        assertThat(bundle.get("entry").get(0).get("resource").get("id").asText())
                .isEqualTo(subject.toString());
    }

    @Test
    void everyStepIsAnAccessEvent() throws Exception {
        String tenant = OnVertx.freshTenant("exp");
        UUID subject = register(tenant, canary());
        String requested = "exp-req-" + UUID.randomUUID();
        String approvedBy = "exp-appr-" + UUID.randomUUID();
        String downloaded = "exp-dl-" + UUID.randomUUID();

        UUID id = OnVertx.await(
                        vertx,
                        () -> exports.request(
                                OnVertx.asUser(tenant, "alice", requested, "clinician"),
                                ExportFormat.NDJSON,
                                (RSAPublicKey) REQUESTER_KEYS.getPublic()))
                .id();
        OnVertx.await(vertx, () -> exports.approve(OnVertx.asUser(tenant, "bob", approvedBy, "tenant-admin"), id));
        OnVertx.await(vertx, () -> exports.download(OnVertx.asUser(tenant, "alice", downloaded, "clinician"), id));

        AccessEvent request = VaultDatabase.accessEvents(requested).getFirst();
        assertThat(request.action()).isEqualTo(AccessAction.EXPORT);
        assertThat(request.actor().subject()).isEqualTo("alice");
        assertThat(request.severity()).isEqualTo(AccessSeverity.HIGH);
        List<AccessEvent> approval = VaultDatabase.accessEvents(approvedBy);
        // Approved (no subject), then produced: one event per subject that left in the file.
        assertThat(approval).extracting(AccessEvent::subjectId).containsExactly(null, subject);
        assertThat(approval).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo(AccessAction.EXPORT);
            assertThat(e.outcome()).isEqualTo(AccessOutcome.ALLOWED);
            assertThat(e.actor().subject()).isEqualTo("bob");
        });
        assertThat(VaultDatabase.accessEvents(downloaded))
                .singleElement()
                .satisfies(e -> assertThat(e.actor().subject()).isEqualTo("alice"));
    }

    @Test
    void selfApprovalIsRefusedAndTheExportStaysUnapproved() throws Exception {
        String tenant = OnVertx.freshTenant("exp");
        register(tenant, canary());
        String selfApproval = "exp-self-" + UUID.randomUUID();
        UUID id = OnVertx.await(
                        vertx,
                        () -> exports.request(
                                admin(tenant, "carol"), ExportFormat.NDJSON, (RSAPublicKey) REQUESTER_KEYS.getPublic()))
                .id();

        assertThatThrownBy(() -> OnVertx.await(
                        vertx,
                        () -> exports.approve(OnVertx.asUser(tenant, "carol", selfApproval, "tenant-admin"), id)))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        ExportRefusedException.class, e -> assertThat(e.type()).isEqualTo("export-self-approval"));
        assertThat(VaultDatabase.accessEvents(selfApproval).getFirst().outcome())
                .isEqualTo(AccessOutcome.DENIED);
        assertThat(OnVertx.await(vertx, () -> exports.status(admin(tenant, "carol"), id))
                        .status())
                .isEqualTo("REQUESTED");
        assertThatThrownBy(() -> OnVertx.await(vertx, () -> exports.download(admin(tenant, "carol"), id)))
                .cause()
                .isInstanceOfSatisfying(
                        ExportRefusedException.class, e -> assertThat(e.type()).isEqualTo("export-not-approved"));
        // A second, different tenant-admin makes it two people.
        assertThat(OnVertx.await(vertx, () -> exports.approve(admin(tenant, "dave"), id))
                        .status())
                .isEqualTo("PRODUCED");
    }

    @Test
    void onlyTheRequesterDownloadsAndOnlyBeforeExpiry() throws Exception {
        String tenant = OnVertx.freshTenant("exp");
        register(tenant, canary());
        UUID id = request(tenant, "alice", ExportFormat.NDJSON);
        OnVertx.await(vertx, () -> exports.approve(admin(tenant, "bob"), id));

        assertThatThrownBy(() -> OnVertx.await(vertx, () -> exports.download(admin(tenant, "bob"), id)))
                .cause()
                .hasMessage("only the requester may download an export");
        assertThatThrownBy(() ->
                        OnVertx.await(vertx, () -> exports.download(clinician(OnVertx.freshTenant("x"), "alice"), id)))
                .cause()
                .isInstanceOf(NotFoundException.class);

        VaultDatabase.expireExport(id);
        assertThatThrownBy(() -> OnVertx.await(vertx, () -> exports.download(clinician(tenant, "alice"), id)))
                .cause()
                .isInstanceOfSatisfying(
                        ExportRefusedException.class,
                        e -> assertThat(e.status()).isEqualTo(410));
    }

    @Test
    void expiredFileIsEmptiedWhenReachedFor() throws Exception {
        String tenant = OnVertx.freshTenant("exp");
        register(tenant, canary());
        UUID id = request(tenant, "alice", ExportFormat.NDJSON);
        OnVertx.await(vertx, () -> exports.approve(admin(tenant, "bob"), id));
        assertThat(VaultDatabase.exportHoldsFile(id)).isTrue();

        VaultDatabase.expireExport(id);
        ExportUseCase.ExportRefusedException refused = null;
        try {
            OnVertx.await(vertx, () -> exports.download(clinician(tenant, "alice"), id));
        } catch (ExecutionException e) {
            refused = (ExportRefusedException) e.getCause();
        }

        assertThat(refused).isNotNull();
        assertThat(refused.type()).isEqualTo("export-expired");
        assertThat(VaultDatabase.exportHoldsFile(id)).isFalse();
    }

    // --- refusals through the clinic API, with real tokens ----------------------------------------------

    @Test
    void apiRefusesUnapprovedDownloadSelfApprovalAndNonAdminApproval() {
        VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");
        VaultClient admin = VaultClient.as(CLINIC_A, "tenant-admin");
        String location = requestOverApi(clinician, pem());

        Response unapproved = clinician.request().get(location + "/file");
        assertThat(unapproved.statusCode()).isEqualTo(409);
        assertThat(unapproved.jsonPath().getString("type")).isEqualTo("urn:phylax:problem:export-not-approved");
        assertThat(clinician.request().post(location + "/approve").statusCode())
                .as("a clinician may not approve")
                .isEqualTo(403);

        String own = requestOverApi(admin, pem());
        Response self = admin.request().post(own + "/approve");
        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(self.jsonPath().getString("type")).isEqualTo("urn:phylax:problem:export-self-approval");

        Response refused = admin.request().post(location + "/refuse");
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.jsonPath().getString("status")).isEqualTo("REFUSED");
        assertThat(clinician.request().get(location + "/file").jsonPath().getString("type"))
                .isEqualTo("urn:phylax:problem:export-refused");
        assertThat(admin.request().post(location + "/approve").statusCode()).isEqualTo(409);
    }

    @Test
    void anotherTenantCannotSeeAnExport() {
        String location = requestOverApi(VaultClient.as(CLINIC_A, "clinician"), pem());
        VaultClient foreignAdmin = VaultClient.as(CLINIC_B, "tenant-admin");

        Response status = foreignAdmin.request().get(location);
        Response approve = foreignAdmin.request().post(location + "/approve");
        Response unknown = foreignAdmin.request().get("/api/v1/exports/" + UUID.randomUUID());

        assertThat(status.statusCode()).isEqualTo(404);
        assertThat(approve.statusCode()).isEqualTo(404);
        assertThat(status.asString()).isEqualTo(unknown.asString());
    }

    @Test
    void requestNamesTheFieldAtFault() {
        VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");
        RSAPublicKey rsa = (RSAPublicKey) REQUESTER_KEYS.getPublic();
        String jwk = "{\"kty\":\"RSA\",\"n\":\"" + b64url(rsa.getModulus().toByteArray()) + "\",\"e\":\""
                + b64url(rsa.getPublicExponent().toByteArray()) + "\"}";

        Response weak = post(clinician, "{\"format\":\"ndjson\",\"publicKey\":\"" + pem(rsaKeys(1024)) + "\"}");
        Response format = post(clinician, "{\"format\":\"csv\",\"publicKey\":\"" + pem() + "\"}");
        Response asJwk = post(clinician, "{\"format\":\"bundle\",\"publicKey\":" + jwk + "}");
        Response support =
                post(VaultClient.as(CLINIC_A, "support"), "{\"format\":\"ndjson\",\"publicKey\":\"" + pem() + "\"}");

        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.jsonPath().getString("errors[0].field")).isEqualTo("publicKey");
        assertThat(format.statusCode()).isEqualTo(400);
        assertThat(format.jsonPath().getString("errors[0].field")).isEqualTo("format");
        assertThat(asJwk.statusCode()).isEqualTo(201);
        assertThat(support.statusCode()).isEqualTo(403);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private UUID register(String tenant, String canary) throws Exception {
        return subjects.register(tenant, canary);
    }

    private UUID addObservation(String tenant, UUID subject, String canary) throws Exception {
        return OnVertx.await(
                        vertx,
                        () -> additions.add(new AddRecordUseCase.AddRecordCommand(
                                OnVertx.as(tenant, "clinician"), subject, fhir.parse(observation(canary)))))
                .id();
    }

    private UUID request(String tenant, String requester, ExportFormat format) throws Exception {
        return OnVertx.await(
                        vertx,
                        () -> exports.request(
                                clinician(tenant, requester), format, (RSAPublicKey) REQUESTER_KEYS.getPublic()))
                .id();
    }

    private static RequestContext clinician(String tenant, String user) {
        return OnVertx.asUser(tenant, user, UUID.randomUUID().toString(), "clinician");
    }

    private static RequestContext admin(String tenant, String user) {
        return OnVertx.asUser(tenant, user, UUID.randomUUID().toString(), "tenant-admin");
    }

    private static String requestOverApi(VaultClient client, String pem) {
        Response created = post(client, "{\"format\":\"ndjson\",\"publicKey\":\"" + pem + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        return created.header("Location");
    }

    private static Response post(VaultClient client, String body) {
        return client.request().contentType("application/json").body(body).post("/api/v1/exports");
    }

    /** Opens a JWE compact serialization with the JCA alone, as any recipient could. */
    private static String decrypt(byte[] jwe, PrivateKey key, String contentType) throws Exception {
        String[] parts = new String(jwe, StandardCharsets.US_ASCII).split("\\.");
        assertThat(parts).hasSize(5);
        Base64.Decoder b64 = Base64.getUrlDecoder();
        JsonNode header = tree(new String(b64.decode(parts[0]), StandardCharsets.UTF_8));
        assertThat(header.get("alg").asText()).isEqualTo("RSA-OAEP-256");
        assertThat(header.get("enc").asText()).isEqualTo("A256GCM");
        assertThat(header.get("cty").asText()).isEqualTo(contentType);
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.DECRYPT_MODE, key, RecipientCipher.OAEP_256);
        byte[] contentKey = rsa.doFinal(b64.decode(parts[1]));
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(contentKey, "AES"),
                new GCMParameterSpec(128, b64.decode(parts[2])));
        gcm.updateAAD(parts[0].getBytes(StandardCharsets.US_ASCII));
        byte[] ciphertext = b64.decode(parts[3]);
        byte[] tag = b64.decode(parts[4]);
        byte[] sealed = new byte[ciphertext.length + tag.length];
        System.arraycopy(ciphertext, 0, sealed, 0, ciphertext.length);
        System.arraycopy(tag, 0, sealed, ciphertext.length, tag.length);
        return new String(gcm.doFinal(sealed), StandardCharsets.UTF_8);
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON", e);
        }
    }

    private static KeyPair rsaKeys() {
        return rsaKeys(2048);
    }

    private static KeyPair rsaKeys(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem() {
        return pem(REQUESTER_KEYS);
    }

    /** An SPKI PEM with JSON-escaped line breaks, ready to sit in a JSON string. */
    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\\n"
                + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded())
                + "\\n-----END PUBLIC KEY-----";
    }

    private static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
