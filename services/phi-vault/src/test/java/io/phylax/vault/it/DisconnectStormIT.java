package io.phylax.vault.it;

import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.phylax.testkit.Databases;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Clients that hang up mid-request, as proxies, load balancers, mobile clients and the end of every load test do
 * (issue 15). Hundreds of creates, reads, updates and searches at once, most abandoned 1 to 50 ms after they were
 * sent with a TCP reset (one in ten waits for its answer); then the vault must serve normal traffic at once, hold no connection it lost, and have
 * recorded an access event for every answer that carried PHI out of it.
 */
@QuarkusTest
class DisconnectStormIT {

    private static final int CONCURRENCY = 40;
    private static final int REQUESTS = 800;
    private static final int SUBJECTS = 12;
    private static final Duration RECOVERY = Duration.ofSeconds(5);
    // One client in ten waits long enough for its answer, so that answers which did carry PHI out are checked too.
    private static final int PATIENT_EVERY = 10;
    private static final int PATIENT_MILLIS = 5_000;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)");

    /** One request as bytes on the wire, and the correlation id it carries. */
    private record Abandoned(String correlationId, byte[] wire) {}

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @Test
    void clientsThatHangUpLeaveNothingOpenAndEveryAnswerAudited() throws Exception {
        String token = Tokens.forClient("clinic-a-integration");
        VaultClient integration = VaultClient.asClient("clinic-a-integration");
        String canary = canary();
        List<UUID> subjects = new ArrayList<>();
        for (int i = 0; i < SUBJECTS; i++) {
            subjects.add(integration.register(patient(canary + "-" + i)));
        }
        double inUseBefore = poolInUse();

        Set<String> answered = ConcurrentHashMap.newKeySet();
        int[] kinds = new int[4];
        try (ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int kind = i % 4;
                kinds[kind]++;
                Abandoned request = request(kind, token, canary, subjects);
                int hangUpAfter = i % PATIENT_EVERY == 0
                        ? PATIENT_MILLIS
                        : ThreadLocalRandom.current().nextInt(1, 51);
                sent.add(clients.submit(() -> {
                    if (sendAndHangUp(request, hangUpAfter)) {
                        answered.add(request.correlationId());
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }

        // Normal traffic right after the storm: readiness and a read, each within the bound.
        long start = System.nanoTime();
        assertThat(get("/q/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(get("/q/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/patients/" + subjects.getFirst(), token).statusCode())
                .isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(RECOVERY);

        // Every connection the abandoned requests took is back in the pool, none left inside a transaction.
        Eventually.within(
                Duration.ofSeconds(10),
                "the pool's connections in use to return to " + inUseBefore,
                () -> poolInUse() <= inUseBefore ? Optional.of(true) : Optional.empty());
        assertThat(transactionsLeftOpen()).isZero();

        // An answer that reached the client carried PHI: its access event must be in the outbox.
        assertThat(answered)
                .as("some answers arrive before their client hangs up")
                .isNotEmpty();
        assertThat(correlationsWithoutAccessEvent(answered)).isEmpty();
        assertThat(kinds).containsOnly(REQUESTS / 4);
    }

    private static Abandoned request(int kind, String token, String canary, List<UUID> subjects) {
        String correlation =
                "storm-" + List.of("create", "read", "update", "search").get(kind) + "-" + UUID.randomUUID();
        UUID subject = subjects.get(ThreadLocalRandom.current().nextInt(subjects.size()));
        String head = "Authorization: Bearer " + token + "\r\nX-Correlation-Id: " + correlation
                + "\r\nAccept: application/fhir+json\r\n";
        String wire = switch (kind) {
            case 0 ->
                withBody(
                        "POST /api/v1/patients",
                        head + "Idempotency-Key: " + correlation + "\r\n",
                        "application/fhir+json",
                        patient(canary + "-new"));
            case 1 -> "GET /api/v1/patients/" + subject + " HTTP/1.1\r\n" + host() + head + "\r\n";
            // A stale version on purpose half the time: refusals must not leak a connection either.
            case 2 ->
                withBody(
                        "PUT /api/v1/patients/" + subject,
                        head + "If-Match: W/\"" + ThreadLocalRandom.current().nextInt(1, 3) + "\"\r\n",
                        "application/fhir+json",
                        patient(canary + "-upd"));
            default ->
                withBody(
                        "POST /api/v1/patients/_search",
                        head,
                        "application/json",
                        "{\"identifier\":\"urn:oid:2.16.840.1.113883.4.1|" + canary + "-1-MRN\"}");
        };
        return new Abandoned(correlation, wire.getBytes(StandardCharsets.UTF_8));
    }

    private static String withBody(String line, String headers, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return line + " HTTP/1.1\r\n" + host() + headers + "Content-Type: " + type + "\r\nContent-Length: "
                + bytes.length + "\r\n\r\n" + body;
    }

    private static String host() {
        return "Host: 127.0.0.1:" + RestAssured.port + "\r\n";
    }

    /**
     * Sends a request and resets the connection after the given time. True if a whole 2xx answer with a body (PHI)
     * arrived before that.
     */
    private static boolean sendAndHangUp(Abandoned request, int afterMillis) throws IOException {
        long deadline = System.nanoTime() + afterMillis * 1_000_000L;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 2_000);
            // RST on close, as an aborting proxy does, rather than an orderly FIN.
            socket.setSoLinger(true, 0);
            OutputStream out = socket.getOutputStream();
            out.write(request.wire());
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout(left);
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    return false;
                }
                if (n < 0) {
                    return false;
                }
                received.write(buffer, 0, n);
                if (wholeSuccessWithBody(received.toString(StandardCharsets.ISO_8859_1))) {
                    return true;
                }
            }
        }
    }

    private static boolean wholeSuccessWithBody(String response) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0 || !response.startsWith("HTTP/1.1 2")) {
            return false;
        }
        Matcher length = CONTENT_LENGTH.matcher(response.substring(0, end + 2));
        if (length.find()) {
            int expected = Integer.parseInt(length.group(1));
            return expected > 0 && response.length() - end - 4 >= expected;
        }
        return response.endsWith("\r\n0\r\n\r\n");
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                .timeout(RECOVERY);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Connections of this vault's pool in use now, from its own metrics. */
    private double poolInUse() {
        try {
            String metrics = get("/q/metrics", null).body();
            Matcher m =
                    Pattern.compile("(?m)^sql_pool_active\\{[^}]*} ([0-9.]+)$").matcher(metrics);
            if (!m.find()) {
                throw new AssertionError("the vault publishes no sql_pool_active metric");
            }
            return Double.parseDouble(m.group(1));
        } catch (IOException e) {
            throw new AssertionError("metrics unreadable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sessions of the vault's role sitting inside a transaction with nothing to do for more than two seconds. */
    private static int transactionsLeftOpen() throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND usename = 'phi_vault'"
                        + " AND state LIKE 'idle in transaction%' AND state_change < now() - interval '2 seconds'");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> correlationsWithoutAccessEvent(Set<String> correlations) throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("SELECT c FROM unnest(?::text[]) AS c WHERE NOT EXISTS"
                        + " (SELECT 1 FROM outbox WHERE topic = 'phi.access.v1'"
                        + " AND convert_from(payload, 'UTF8')::jsonb ->> 'correlationId' = c)")) {
            st.setArray(1, db.createArrayOf("text", correlations.toArray()));
            List<String> missing = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    missing.add(rs.getString(1));
                }
            }
            return missing;
        }
    }
}
