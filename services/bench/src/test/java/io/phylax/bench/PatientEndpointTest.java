package io.phylax.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The driver against a minimal FHIR R4 stand-in: what PEER_URL mode relies on. */
class PatientEndpointTest {

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private String base;

    @BeforeEach
    void startPeer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fhir/Patient", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
    }

    @AfterEach
    void stopPeer() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "none" : auth);
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("POST")) {
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            idempotencyKeys.add(key == null ? "none" : key);
            exchange.getResponseHeaders().add("Location", base + "/Patient/4711/_history/1");
            exchange.sendResponseHeaders(201, -1);
        } else if (path.endsWith("/Patient/4711")) {
            byte[] body = "{\"resourceType\":\"Patient\",\"id\":\"4711\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } else {
            exchange.sendResponseHeaders(404, -1);
        }
        exchange.close();
    }

    @Test
    void peerCreateTakesTheIdFromAFhirLocationWithHistory() {
        PatientEndpoint peer = PatientEndpoint.peer(base + "/", null);

        assertThat(peer.create(SyntheticPatients.patient())).isEqualTo("4711");
        assertThat(peer.read("4711")).isTrue();
        assertThat(peer.failures()).isEmpty();
    }

    @Test
    void failedReadsAreCountedByStatusNotHidden() {
        PatientEndpoint peer = PatientEndpoint.peer(base, null);

        assertThat(peer.read("missing")).isFalse();
        assertThat(peer.read("missing")).isFalse();

        assertThat(peer.failures()).containsEntry(404, 2L);
    }

    @Test
    void peerTokenIsSentAsBearerOnlyWhenGiven() {
        PatientEndpoint.peer(base, "peer-token").read("4711");
        PatientEndpoint.peer(base, " ").read("4711");

        assertThat(authorizations).containsExactly("Bearer peer-token", "none");
    }

    @Test
    void theClinicPatientGoesWithItsIdempotencyKeyAndTheSmallOneWithout() {
        PatientEndpoint peer = PatientEndpoint.peer(base, null);

        assertThat(peer.create(BenchPatient.CLINIC.json(), "bench-key-1")).isEqualTo("4711");
        assertThat(peer.create(BenchPatient.SMALL.json(), BenchPatient.SMALL.idempotencyKey()))
                .isEqualTo("4711");

        assertThat(idempotencyKeys).containsExactly("bench-key-1", "none");
    }

    @Test
    void vaultLocationYieldsTheSubjectId() {
        assertThat(PatientEndpoint.idFromLocation("/api/v1/patients/6f1c2a8e-0000-4000-8000-000000000001"))
                .isEqualTo("6f1c2a8e-0000-4000-8000-000000000001");
    }

    @Test
    void syntheticPatientsCarryTheCanaryAndNoEmail() {
        String patient = SyntheticPatients.patient();

        assertThat(patient).contains("CANARY-PHI-BENCH-").doesNotContain("\"email\"");
    }
}
