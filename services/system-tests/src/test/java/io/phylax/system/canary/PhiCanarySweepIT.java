package io.phylax.system.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.contract.Topics;
import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.GreenMail;
import io.phylax.testkit.KafkaClients;
import io.phylax.testkit.LocalStack;
import io.phylax.testkit.OtlpSink;

/**
 * The PHI canary sweep (issue 9, ADR 0080): seeds patients whose every string field carries this run's canary,
 * drives every feature of the running services through their real APIs, good input and bad, then searches every
 * place PHI must never reach: service logs, every Kafka topic, exported spans, metrics, the audit, notification and
 * reporting databases, the vault's database, the relay's mail, and the headers and error bodies of every call. Any
 * hit fails the test, naming the place with a redacted excerpt and never the canary.
 *
 * <p>Needs the four services running ({@code deploy/local/bin/stack services}). Spans are covered when the
 * services export to the OTLP sink ({@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:14318});
 * {@code -Dphylax.canary.require-spans=true} fails the sweep when they do not.
 */
class PhiCanarySweepIT {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final String TENANT = DemoRealm.CLINIC_A;
    private static final Pattern OPTIONAL_FEATURE = Pattern.compile("(?i).*(export|break-?glass|emergency).*");
    private static final String BREAK_GLASS = "/api/v1/patients/{id}/break-glass";
    private static final String EXPORTS = "/api/v1/exports";
    private static final List<String> CONSUMER_GROUPS = List.of("audit", "notification", "reporting");
    private static final int NOTICES = 3; // a Communication, an Appointment booked, the Appointment amended

    private static final Map<String, String> SERVICES = new LinkedHashMap<>();
    private static Optional<OtlpSink> sink = Optional.empty();
    private static long spansMark;

    private final SweepPhi phi = SweepPhi.forRun();
    private final List<Exchange> exchanges = RecordingClient.newLog();
    private final List<String> drove = new ArrayList<>();
    private final RecordingClient clinician = RecordingClient.as(TENANT, "clinician", exchanges);
    private final RecordingClient scheduler = RecordingClient.as(TENANT, "scheduler", exchanges);
    private final RecordingClient billing = RecordingClient.as(TENANT, "billing", exchanges);
    private final RecordingClient support = RecordingClient.as(TENANT, "support", exchanges);
    private final RecordingClient auditor = RecordingClient.as(TENANT, "auditor", exchanges);
    private final RecordingClient tenantAdmin = RecordingClient.as(TENANT, "tenant-admin", exchanges);

    @BeforeAll
    static void servicesAreRunning() throws IOException {
        LocalStack stack = LocalStack.get();
        SERVICES.put("phi-vault", stack.env("PHYLAX_VAULT_URL"));
        SERVICES.put("audit", stack.env("PHYLAX_AUDIT_URL"));
        SERVICES.put("notification", stack.env("PHYLAX_NOTIFICATION_URL"));
        SERVICES.put("reporting", stack.env("PHYLAX_REPORTING_URL"));
        SERVICES.forEach((service, url) -> assertThat(status(url + "/q/health/ready"))
                .as("%s is not ready; start the services with deploy/local/bin/stack services", service)
                .isEqualTo(200));
        // A sink that run-tests started before the services is left alone; otherwise one of our own listens, in
        // case the services were started with the endpoint pointing at it.
        sink = OtlpSink.startIfFree(OtlpSink.port(), OtlpSink.directory());
        Path traces = OtlpSink.file(OtlpSink.directory(), "traces");
        spansMark = Files.isRegularFile(traces) ? Files.size(traces) : 0;
    }

    @AfterAll
    static void stopSink() {
        sink.ifPresent(OtlpSink::close);
    }

    @Test
    void noCanaryReachesAnyPlaceOutsideTheVault() throws Exception {
        drive();
        settle();

        Needles run = Needles.runCanary(phi.canary());
        Needles any = Needles.anyCanary();
        Sweep sweep = new Sweep();
        sweep.exchanges(exchanges, run);
        Path logs = LocalStack.get().stateDir().resolve("logs");
        sweep.logs(logs, run, true);
        sweep.logs(logs, any, false);
        sweep.kafka(run);
        for (String service : List.of("audit", "notification", "reporting", "phi-vault")) {
            sweep.database(service, any);
        }
        sweep.database("phi-vault", run);
        sweep.mail(phi.email(), run);
        sweep.metrics(SERVICES, any);
        sweep.metrics(SERVICES, run);
        sweepSpans(sweep, any);
        sweepKeycloakStore(sweep, any);

        System.out.println("PHI canary sweep — drove: " + String.join("; ", drove));
        System.out.println("PHI canary sweep — calls: "
                + exchanges.stream().map(e -> e.call() + " → " + e.status()).collect(Collectors.joining("; ")));
        sweep.covered().forEach(line -> System.out.println("PHI canary sweep — swept " + line));
        assertThat(sweep.findings())
                .as("places holding a canary (redacted; ADR 0080 lists the places allowed to hold one)")
                .isEmpty();
    }

    /**
     * The sweep itself can fail: a canary of its own, planted in a dead-letter topic (value and header, one of them
     * base64), in a log and in an error body, is found in each place, while the relay's log may name the address;
     * and what the failure prints holds neither the canary nor the value around it.
     */
    @Test
    void sweepFindsAPlantedCanaryAndPrintsOnlyWhereItIs(@TempDir Path logs) throws Exception {
        SweepPhi planted = SweepPhi.forRun();
        String topic = "reporting.dlq.v1";
        try (KafkaProducer<String, String> producer = KafkaClients.producer("kafka-admin")) {
            ProducerRecord<String, String> record = new ProducerRecord<>(
                    topic, "canary-sweep-self-test", "{\"family\":\"" + planted.field("Family") + "\"}");
            record.headers()
                    .add(
                            "dead-letter-reason",
                            Base64.getEncoder().encode(planted.field("Given").getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get(20, TimeUnit.SECONDS);
        }
        Files.writeString(logs.resolve("phi-vault.log"), "started\nrefused patient " + planted.field("Family") + "\n");
        Files.writeString(
                logs.resolve("smtp.log"),
                "Created user login " + planted.email() + "\nmessage about " + planted.field("Message") + "\n");
        Exchange refusal = new Exchange(
                "clinician: register: planted",
                400,
                HttpHeaders.of(Map.of("X-Echo", List.of(planted.field("Header"))), (a, b) -> true),
                "{\"detail\":\"bad value " + planted.field("Family") + "\"}",
                false);

        Needles needles = Needles.runCanary(planted.canary());
        Sweep sweep = new Sweep();
        sweep.topic(topic, needles);
        sweep.logs(logs, needles, true);
        sweep.exchanges(List.of(refusal), needles);

        assertThat(sweep.findings())
                .extracting(Finding::place)
                .anySatisfy(place -> assertThat(place).matches("Kafka reporting\\.dlq\\.v1-\\d+@\\d+ value"))
                .anySatisfy(place ->
                        assertThat(place).matches("Kafka reporting\\.dlq\\.v1-\\d+@\\d+ header dead-letter-reason"))
                .contains(
                        "log phi-vault.log:2",
                        "log smtp.log:2",
                        "HTTP clinician: register: planted → 400, header X-Echo",
                        "HTTP clinician: register: planted → 400, body")
                .doesNotContain("log smtp.log:1");
        String printed = sweep.findings().toString();
        assertThat(printed)
                .doesNotContain(planted.canary(), planted.canary().substring(11))
                .contains("«canary»-Family");
    }

    // ---- Driving every feature ----

    private void drive() {
        String vault = SERVICES.get("phi-vault");
        // Three notices go out at once; the test relay must not race to create the mailbox (see GreenMail).
        GreenMail.createMailbox(phi.email());

        // Registration, with an idempotent replay and the optional headers.
        Exchange created = clinician
                .call("register patient", "POST", vault, "/api/v1/patients")
                .header("Idempotency-Key", "canary-sweep-" + UUID.randomUUID())
                .header("X-Correlation-Id", "canary-sweep-" + UUID.randomUUID())
                .header("X-Purpose-Of-Use", "TREAT")
                .fhir(phi.patient())
                .showsPhi()
                .send();
        assertThat(created.status()).as("registering the patient").isEqualTo(201);
        String patient = idFrom(created);
        String key = "canary-sweep-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            clinician
                    .call("register patient again with one Idempotency-Key", "POST", vault, "/api/v1/patients")
                    .header("Idempotency-Key", key)
                    .fhir(phi.patientToErase())
                    .showsPhi()
                    .send();
        }
        Exchange toErase = exchanges.getLast();
        assertThat(toErase.status()).as("the replayed registration").isIn(200, 201);
        String erased = idFrom(toErase);
        drove.add("registration (idempotent replay)");

        // Reads in every role's view.
        String etag = clinician
                .call("read patient", "GET", vault, "/api/v1/patients/" + patient)
                .showsPhi()
                .send()
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        scheduler
                .call("read patient", "GET", vault, "/api/v1/patients/" + patient)
                .showsPhi()
                .send();
        billing.call("read patient", "GET", vault, "/api/v1/patients/" + patient)
                .showsPhi()
                .send();
        support.call("read patient (masked view)", "GET", vault, "/api/v1/patients/" + patient)
                .send();
        auditor.call("read patient (refused)", "GET", vault, "/api/v1/patients/" + patient)
                .send();
        drove.add("reads in six roles");

        // Update with If-Match, and its refusals.
        Exchange updated = clinician
                .call("update patient", "PUT", vault, "/api/v1/patients/" + patient)
                .header("If-Match", etag)
                .fhir(phi.patient("Given2"))
                .showsPhi()
                .send();
        assertThat(updated.status()).as("updating the patient").isEqualTo(200);
        clinician
                .call("update without If-Match", "PUT", vault, "/api/v1/patients/" + patient)
                .fhir(phi.patient("Given3"))
                .send();
        clinician
                .call("update with a stale If-Match", "PUT", vault, "/api/v1/patients/" + patient)
                .header("If-Match", etag)
                .fhir(phi.patient("Given4"))
                .send();
        scheduler
                .call("update within the scheduler's view", "PUT", vault, "/api/v1/patients/" + patient)
                .header("If-Match", updated.headers().firstValue("ETag").orElseThrow())
                .fhir("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + phi.field("SchedFamily")
                        + "\"}],\"identifier\":[{\"value\":\"" + phi.field("SchedMrn") + "\"}]}")
                .send();
        clinician
                .call("history", "GET", vault, "/api/v1/patients/" + patient + "/history")
                .showsPhi()
                .send();
        auditor.call("history (metadata only)", "GET", vault, "/api/v1/patients/" + patient + "/history")
                .send();
        drove.add("update (If-Match, 428, 412, out-of-view 422), history");

        // Records: a message and an appointment are mailed; an amendment is mailed again.
        String records = "/api/v1/patients/" + patient + "/records";
        clinician
                .call("file Communication", "POST", vault, records)
                .fhir(phi.communication())
                .showsPhi()
                .send();
        Exchange appointment = scheduler
                .call("file Appointment", "POST", vault, records)
                .fhir(phi.appointment("Comment"))
                .showsPhi()
                .send();
        assertThat(appointment.status()).as("filing the appointment").isEqualTo(201);
        String appointmentPath = URI.create(
                        appointment.headers().firstValue("Location").orElseThrow())
                .getPath();
        clinician
                .call("file Observation", "POST", vault, records)
                .fhir(phi.observation())
                .showsPhi()
                .send();
        String appointmentEtag = scheduler
                .call("read Appointment", "GET", vault, appointmentPath)
                .showsPhi()
                .send()
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        scheduler
                .call("amend Appointment", "PUT", vault, appointmentPath)
                .header("If-Match", appointmentEtag)
                .fhir(phi.appointment("Comment2"))
                .showsPhi()
                .send();
        clinician.call("list records", "GET", vault, records).showsPhi().send();
        support.call("list records (masked)", "GET", vault, records).send();
        billing.call("list records (refused)", "GET", vault, records).send();
        drove.add("records (Communication, Appointment and its amendment, Observation; list in three roles)");

        // Blind-index search: in the body (preferred) and once in a URL.
        String search = "/api/v1/patients/_search";
        clinician
                .call("search by identifier", "POST", vault, search)
                .body("application/json", identifier(SweepPhi.SSN_SYSTEM, phi.field("MRN")))
                .showsPhi()
                .send();
        scheduler
                .call("search by e-mail", "POST", vault, search)
                .body("application/json", identifier("email", phi.email()))
                .showsPhi()
                .send();
        billing.call("search by identifier", "POST", vault, search)
                .body("application/json", identifier(SweepPhi.SSN_SYSTEM, phi.field("MRN")))
                .showsPhi()
                .send();
        support.call("search (refused)", "POST", vault, search)
                .body("application/json", identifier(SweepPhi.SSN_SYSTEM, phi.field("MRN")))
                .send();
        clinician
                .call("search without a match", "POST", vault, search)
                .body("application/json", identifier(SweepPhi.SSN_SYSTEM, phi.field("NoMatch")))
                .send();
        clinician
                .call(
                        "search through the URL",
                        "GET",
                        vault,
                        "/api/v1/patients?identifier="
                                + URLEncoder.encode(
                                        SweepPhi.URL_SYSTEM + "|" + phi.field("UrlMrn"), StandardCharsets.UTF_8))
                .showsPhi()
                .send();
        drove.add("search (POST _search by identifier and e-mail in four roles, GET ?identifier= once)");

        badInput(vault, patient, records);
        optionalFeatures(vault, patient);

        // Erasure, and what a read of the erased patient answers.
        tenantAdmin
                .call(
                        "erase with a bad reason",
                        "DELETE",
                        vault,
                        "/api/v1/patients/" + erased + "?reason=" + phi.field("Reason"))
                .send();
        Exchange erasure = tenantAdmin
                .call("erase patient", "DELETE", vault, "/api/v1/patients/" + erased + "?reason=PATIENT_REQUEST")
                .send();
        assertThat(erasure.status()).as("erasing the second patient").isEqualTo(204);
        clinician
                .call("read erased patient", "GET", vault, "/api/v1/patients/" + erased)
                .send();
        drove.add("erasure (tenant-admin), 410 afterwards");

        audit(patient);
        reports();
        clinician.call("whoami", "GET", vault, "/api/v1/whoami").send();
    }

    /** Bad input carrying the canary: every refusal must name the field without echoing the value. */
    private void badInput(String vault, String patient, String records) {
        Map<String, String> invalidPatients = new LinkedHashMap<>();
        invalidPatients.put(
                "unknown element", "{\"resourceType\":\"Patient\",\"nickname\":\"" + phi.field("Unknown") + "\"}");
        invalidPatients.put(
                "unknown element inside a known one",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"x\",\"maiden\":\"" + phi.field("Maiden")
                        + "\"}]}");
        invalidPatients.put(
                "wrong-typed date", "{\"resourceType\":\"Patient\",\"birthDate\":\"" + phi.field("BadDate") + "\"}");
        invalidPatients.put(
                "wrong-typed array", "{\"resourceType\":\"Patient\",\"name\":\"" + phi.field("NotArray") + "\"}");
        invalidPatients.put(
                "wrong-typed boolean", "{\"resourceType\":\"Patient\",\"active\":\"" + phi.field("NotBool") + "\"}");
        invalidPatients.put(
                "invalid code", "{\"resourceType\":\"Patient\",\"gender\":\"" + phi.field("Gender") + "\"}");
        invalidPatients.put("unknown resource type", "{\"resourceType\":\"" + phi.field("Type") + "\"}");
        invalidPatients.put("a record registered as a patient", phi.observation());
        invalidPatients.put(
                "malformed JSON", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + phi.field("Truncated"));
        invalidPatients.put(
                "over-long field within the body limit",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + phi.field("Long") + "x".repeat(200_000)
                        + "\"}]}");
        // A refusal's body is always swept; showsPhi() only admits an accepted one echoing the clinician's own input.
        invalidPatients.forEach((what, body) -> clinician
                .call("register: " + what, "POST", vault, "/api/v1/patients")
                .fhir(body)
                .showsPhi()
                .send());
        clinician
                .call("register: body over the size limit", "POST", vault, "/api/v1/patients")
                .fhir("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + phi.field("Huge") + "x".repeat(600_000)
                        + "\"}]}")
                .alone()
                .send();
        clinician
                .call("register: wrong content type", "POST", vault, "/api/v1/patients")
                .body("text/plain", phi.field("PlainText"))
                .send();

        Map<String, String[]> badHeaders = new LinkedHashMap<>();
        badHeaders.put("Idempotency-Key", new String[] {"Idempotency-Key", phi.field("Key") + "|bad"});
        badHeaders.put("X-Correlation-Id", new String[] {"X-Correlation-Id", phi.field("Correlation") + "|bad"});
        badHeaders.put("X-Purpose-Of-Use", new String[] {"X-Purpose-Of-Use", phi.field("Purpose")});
        badHeaders.forEach((what, header) -> clinician
                .call("register with a bad " + what, "POST", vault, "/api/v1/patients")
                .header(header[0], header[1])
                .fhir(phi.patient())
                .send());
        clinician
                .call("update with a malformed If-Match", "PUT", vault, "/api/v1/patients/" + patient)
                .header("If-Match", phi.field("IfMatch"))
                .fhir(phi.patient())
                .send();
        clinician
                .call("read with a malformed id", "GET", vault, "/api/v1/patients/" + phi.field("Id"))
                .send();
        clinician
                .call("file a record naming another patient", "POST", vault, records)
                .fhir(phi.observation()
                        .replace(
                                "\"status\":\"final\"",
                                "\"status\":\"final\",\"subject\":{\"reference\":\"Patient/" + phi.field("Other")
                                        + "\"}"))
                .send();
        clinician
                .call("file a Patient as a record", "POST", vault, records)
                .fhir(phi.patient())
                .send();
        clinician
                .call("search without a system", "POST", vault, "/api/v1/patients/_search")
                .body("application/json", "{\"identifier\":\"" + phi.field("NoSystem") + "\"}")
                .send();
        clinician
                .call("search with an unknown field", "POST", vault, "/api/v1/patients/_search")
                .body(
                        "application/json",
                        "{\"identifier\":\"x|y\",\"" + phi.field("Field") + "\":\"" + phi.field("Value") + "\"}")
                .send();
        clinician
                .call("search with malformed JSON", "POST", vault, "/api/v1/patients/_search")
                .body("application/json", "{\"identifier\":\"" + phi.field("Broken"))
                .send();
        drove.add("bad input at the vault (" + (invalidPatients.size() + 2 + badHeaders.size() + 7) + " kinds)");
    }

    /**
     * Features being built while this sweep was written (break-glass, exports): driven when the vault's OpenAPI
     * document lists them, so the sweep grows with them. Known routes are driven through their flow; any other
     * export or break-glass route is called with the seeded patient's id and a canary body in three roles. Each
     * step is recorded whatever it answers: a flow that stops early still leaves its calls to be swept.
     */
    private void optionalFeatures(String vault, String patient) {
        JsonNode paths = openApiPaths(vault);
        List<String> others = new ArrayList<>();
        for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
            String path = names.next();
            if (!OPTIONAL_FEATURE.matcher(path).matches() || path.equals(BREAK_GLASS) || path.startsWith(EXPORTS)) {
                continue;
            }
            for (Iterator<String> methods = paths.get(path).fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase(Locale.ROOT);
                if (List.of("GET", "POST", "PUT", "DELETE").contains(method)) {
                    others.add(method + " " + path);
                    probe(vault, method, path, path.replaceAll("\\{[^}]+}", patient));
                }
            }
        }
        drove.add(paths.has(BREAK_GLASS) ? breakGlass(vault) : "no break-glass route in the vault's OpenAPI yet");
        drove.add(paths.has(EXPORTS) ? export(vault) : "no export route in the vault's OpenAPI yet");
        if (!others.isEmpty()) {
            drove.add("other export or break-glass routes, probed: " + others);
        }
    }

    private void probe(String vault, String method, String path, String concrete) {
        String body = "{\"reason\":\"" + phi.field("Reason") + "\",\"text\":\"" + phi.field("Justification") + "\"}";
        for (RecordingClient caller : List.of(clinician, tenantAdmin, support)) {
            RecordingClient.Call call = caller.call(method + " " + path, method, vault, concrete);
            if (!method.equals("GET") && !method.equals("DELETE")) {
                call.body("application/json", body);
            }
            call.send();
        }
    }

    /** Break-glass (ADR 17): a clinician taken off a patient's care team reads it under a grant whose text is PHI. */
    private String breakGlass(String vault) {
        Exchange created = clinician
                .call("register patient for break-glass", "POST", vault, "/api/v1/patients")
                .fhir(phi.patientOutsideCareTeam())
                .showsPhi()
                .send();
        if (created.status() != 201) {
            return "break-glass: registration answered " + created.status();
        }
        String path = "/api/v1/patients/" + idFrom(created);
        List<Integer> statuses = new ArrayList<>();
        statuses.add(tenantAdmin
                .call(
                        "take the clinician off the care team",
                        "DELETE",
                        vault,
                        path + "/care-team/" + clinician.subject())
                .send()
                .status());
        statuses.add(clinician
                .call("read outside the care team", "GET", vault, path)
                .send()
                .status());
        statuses.add(clinician
                .call("break the glass with a bad reason", "POST", vault, path + "/break-glass")
                .body("application/json", "{\"reason\":\"" + phi.field("GlassReason") + "\",\"text\":\"x\"}")
                .send()
                .status());
        statuses.add(clinician
                .call("break the glass with an over-long text", "POST", vault, path + "/break-glass")
                .body(
                        "application/json",
                        "{\"reason\":\"EMERGENCY_TREATMENT\",\"text\":\"" + phi.field("GlassLong") + "x".repeat(400)
                                + "\"}")
                .send()
                .status());
        // The grant's answer is swept too: it must not echo the text, which is kept only encrypted.
        statuses.add(clinician
                .call("break the glass", "POST", vault, path + "/break-glass")
                .body(
                        "application/json",
                        "{\"reason\":\"EMERGENCY_TREATMENT\",\"text\":\"" + phi.field("GlassText") + " unconscious\"}")
                .send()
                .status());
        statuses.add(clinician
                .call("read under break-glass", "GET", vault, path)
                .showsPhi()
                .send()
                .status());
        statuses.add(clinician
                .call("history under break-glass", "GET", vault, path + "/history")
                .showsPhi()
                .send()
                .status());
        statuses.add(clinician
                .call("write under break-glass (refused)", "PUT", vault, path)
                .header("If-Match", "1")
                .fhir(phi.patientOutsideCareTeam())
                .send()
                .status());
        return "break-glass (care team, 403 outside it, bad reason, over-long text, grant, reads, refused write): "
                + statuses;
    }

    /** Exports (ADR 18) in the small other tenant: requested, refused input, approved by another, downloaded. */
    private String export(String vault) {
        List<Exchange> log = exchanges;
        RecordingClient clinicianB = RecordingClient.as(DemoRealm.CLINIC_B, "clinician", log);
        RecordingClient adminB = RecordingClient.as(DemoRealm.CLINIC_B, "tenant-admin", log);
        Exchange created = clinicianB
                .call("register patient to export", "POST", vault, "/api/v1/patients")
                .fhir(phi.patientToExport())
                .showsPhi()
                .send();
        if (created.status() != 201) {
            return "export: registration answered " + created.status();
        }
        List<Integer> statuses = new ArrayList<>();
        statuses.add(clinicianB
                .call("request an export with bad input", "POST", vault, EXPORTS)
                .body(
                        "application/json",
                        "{\"format\":\"" + phi.field("Format") + "\",\"publicKey\":\"" + phi.field("Key") + "\"}")
                .send()
                .status());
        Exchange requested = clinicianB
                .call("request an export", "POST", vault, EXPORTS)
                .body("application/json", exportRequest())
                .send();
        statuses.add(requested.status());
        if (requested.status() == 201) {
            String export = EXPORTS + "/" + idFrom(requested);
            statuses.add(clinicianB
                    .call("export file before approval", "GET", vault, export + "/file")
                    .send()
                    .status());
            statuses.add(adminB.call("approve the export", "POST", vault, export + "/approve")
                    .send()
                    .status());
            statuses.add(
                    adminB.call("export status", "GET", vault, export).send().status());
            statuses.add(clinicianB
                    .call("download the export (encrypted for the requester)", "GET", vault, export + "/file")
                    .showsPhi()
                    .send()
                    .status());
            statuses.add(adminB.call("download someone else's export", "GET", vault, export + "/file")
                    .send()
                    .status());
        }
        statuses.add(adminB.call(
                        "erase the exported patient",
                        "DELETE",
                        vault,
                        "/api/v1/patients/" + idFrom(created) + "?reason=PATIENT_REQUEST")
                .send()
                .status());
        return "export (bad request, request, file before approval, approval, status, download, other's download, erasure): "
                + statuses;
    }

    /** An export request with a fresh RSA key of the requester (SPKI PEM). */
    private static String exportRequest() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(
                                    generator.generateKeyPair().getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            ObjectMapper json = new ObjectMapper();
            return json.writeValueAsString(
                    json.createObjectNode().put("format", "ndjson").put("publicKey", pem));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode openApiPaths(String vault) {
        try {
            HttpResponse<String> openapi = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(vault + "/q/openapi?format=json"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(openapi.body()).path("paths");
        } catch (IOException e) {
            throw new AssertionError("cannot read the vault's OpenAPI document", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The auditor's queries, good and bad (a canary in query parameters). */
    private void audit(String patient) {
        String audit = SERVICES.get("audit");
        auditor.call("audit events of the patient", "GET", audit, "/api/v1/audit/events?subject=" + patient)
                .send();
        auditor.call("accounting of disclosures", "GET", audit, "/api/v1/audit/disclosures/" + patient)
                .send();
        auditor.call("audit events by a canary actor", "GET", audit, "/api/v1/audit/events?actor=" + phi.field("Actor"))
                .send();
        auditor.call(
                        "audit events with bad parameters",
                        "GET",
                        audit,
                        "/api/v1/audit/events?subject=" + phi.field("Subject") + "&from=" + phi.field("From")
                                + "&cursor=" + phi.field("Cursor"))
                .send();
        auditor.call(
                        "disclosures of a malformed id",
                        "GET",
                        audit,
                        "/api/v1/audit/disclosures/" + phi.field("DisclosureId"))
                .send();
        clinician
                .call("audit events (refused)", "GET", audit, "/api/v1/audit/events?subject=" + patient)
                .send();
        drove.add("audit queries (events, disclosures, bad parameters, refused role)");
    }

    /** The tenant-admin's activity report, good and bad. */
    private void reports() {
        String reporting = SERVICES.get("reporting");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        tenantAdmin
                .call(
                        "activity report",
                        "GET",
                        reporting,
                        "/api/v1/reports/activity?from=" + today + "&to=" + today + "&groupBy=eventType,recordType")
                .send();
        tenantAdmin
                .call(
                        "activity report with bad parameters",
                        "GET",
                        reporting,
                        "/api/v1/reports/activity?from=" + phi.field("From") + "&to=" + today + "&groupBy="
                                + phi.field("GroupBy"))
                .send();
        clinician
                .call(
                        "activity report (refused)",
                        "GET",
                        reporting,
                        "/api/v1/reports/activity?from=" + today + "&to=" + today)
                .send();
        drove.add("reports (activity, bad parameters, refused role)");
    }

    // ---- Waiting for the consumers ----

    /** Waits for the notices, for every consumer group to have consumed what the vault published, and for spans. */
    private void settle() throws Exception {
        Eventually.within(
                PATIENCE,
                NOTICES + " notices to the patient",
                () -> Optional.of(GreenMail.messagesTo(phi.email()).size()).filter(n -> n >= NOTICES));
        try (Admin admin = KafkaClients.admin("kafka-admin")) {
            for (String group : CONSUMER_GROUPS) {
                awaitCaughtUp(admin, group, Topics.PHI_EVENTS);
            }
            awaitCaughtUp(admin, "audit", Topics.PHI_ACCESS);
        }
        // The services' batch span processors export every 5 s by default.
        Thread.sleep(6_000);
    }

    /**
     * Waits until no committed record of {@code topic} lies at or after the group's committed offsets. Not "committed
     * offset = end offset": the vault publishes in transactions (ADR 0092), and the commit marker after a group's last
     * record takes an offset the group never commits past.
     */
    private static void awaitCaughtUp(Admin admin, String group, String topic) {
        Eventually.within(PATIENCE, "consumer group " + group + " to catch up on " + topic, () -> {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                return unconsumedRecord(topic, committed) ? Optional.empty() : Optional.of(true);
            } catch (Exception e) {
                return Optional.empty();
            }
        });
    }

    /** Whether a read_committed reader finds any record of {@code topic} at or after these offsets. */
    private static boolean unconsumedRecord(String topic, Map<TopicPartition, OffsetAndMetadata> committed) {
        try (KafkaConsumer<String, byte[]> reader = KafkaClients.bytesConsumer("kafka-admin")) {
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            reader.assign(partitions);
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset == null) {
                    reader.seekToBeginning(List.of(partition));
                } else {
                    reader.seek(partition, offset.offset());
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> reader.position(p) < ends.get(p))) {
                if (!reader.poll(Duration.ofMillis(500)).isEmpty() || System.nanoTime() > deadline) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---- Places that need a word of their own ----

    /** Spans the services exported to the OTLP sink since this run began; fails if required and there are none. */
    private void sweepSpans(Sweep sweep, Needles any) throws IOException {
        Path traces = OtlpSink.file(OtlpSink.directory(), "traces");
        long received = Files.isRegularFile(traces) ? Files.size(traces) - spansMark : 0;
        if (received <= 0) {
            String why = "spans: NOT COVERED — no service exported to the OTLP sink on 127.0.0.1:" + OtlpSink.port()
                    + " during this run (start them with QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT pointing there)";
            sweep.note(why);
            assertThat(Boolean.getBoolean("phylax.canary.require-spans"))
                    .as(why)
                    .isFalse();
            return;
        }
        byte[] all = Files.readAllBytes(traces);
        String exported = new String(all, (int) spansMark, all.length - (int) spansMark, StandardCharsets.ISO_8859_1);
        List<String> exporters =
                SERVICES.keySet().stream().filter(exported::contains).toList();
        sweep.spans(exported, any);
        sweep.spans(exported, Needles.runCanary(phi.canary()));
        sweep.note("spans: " + received + " bytes of OTLP from " + exporters + ": both needles");
        assertThat(!Boolean.getBoolean("phylax.canary.require-spans") || exporters.size() == SERVICES.size())
                .as("spans required from every service, but only " + exporters + " exported")
                .isTrue();
    }

    /** Keycloak's own store (staff users, sessions, events): no patient is a Keycloak user. */
    private static void sweepKeycloakStore(Sweep sweep, Needles any) throws IOException {
        Path parts = LocalStack.get().stateDir().resolve("parts");
        try (Stream<Path> files = Files.find(
                parts,
                5,
                (file, attributes) ->
                        attributes.isRegularFile() && file.toString().endsWith(".mv.db"))) {
            for (Path store : files.toList()) {
                sweep.file("Keycloak store " + parts.relativize(store), store, 0, any);
            }
        }
    }

    // ---- Small helpers ----

    private static String idFrom(Exchange created) {
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static String identifier(String system, String value) {
        return "{\"identifier\":\"" + system + "|" + value + "\"}";
    }

    private static int status(String url) {
        try {
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
