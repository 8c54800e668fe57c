package io.phylax.system.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.phylax.system.ClinicApi;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.OtlpSink;

/**
 * One clinic request, followed across the platform: the trace context the clinic sends reaches the vault, goes
 * with the reference events through the outbox and Kafka headers, and comes back in the spans that audit,
 * notification (and its call to the vault's contact endpoint) and reporting export. No span carries PHI.
 */
class TraceAcrossServicesIT {

    /** A span the trace must contain. */
    private record Expected(String what, Predicate<ExportedSpans.Span> matches) {}

    private static final List<Expected> EXPECTED = List.of(
            new Expected(
                    "the vault's server span continues the clinic's trace",
                    s -> s.service().equals("phi-vault")
                            && s.kind().equals("SPAN_KIND_SERVER")
                            && s.name().contains("/api/v1/patients")),
            new Expected(
                    "audit continues it from the Kafka headers",
                    s -> s.service().equals("audit") && s.kind().equals("SPAN_KIND_CONSUMER")),
            new Expected(
                    "reporting continues it from the Kafka headers",
                    s -> s.service().equals("reporting") && s.kind().equals("SPAN_KIND_CONSUMER")),
            new Expected(
                    "notification consumes it and calls the vault's contact endpoint",
                    s -> s.service().equals("notification") && s.kind().equals("SPAN_KIND_CLIENT")),
            new Expected(
                    "the vault serves that internal call in the same trace",
                    s -> s.service().equals("phi-vault")
                            && s.kind().equals("SPAN_KIND_SERVER")
                            && s.name().contains("/internal/")));
    /** A query parameter whose value was not redacted before export. */
    private static final Pattern QUERY_VALUE = Pattern.compile("[?&][A-Za-z_.-]+=(?!REDACTED)");

    @Test
    void oneClinicRequestShowsSpansInAllFourServicesWithoutPhi() {
        HexFormat hex = HexFormat.of();
        byte[] trace = new byte[16];
        byte[] parent = new byte[8];
        ThreadLocalRandom.current().nextBytes(trace);
        ThreadLocalRandom.current().nextBytes(parent);
        String traceId = hex.formatHex(trace);
        String traceparent = "00-" + traceId + "-" + hex.formatHex(parent) + "-01";
        String canary = "CANARY-PHI-" + UUID.randomUUID().toString().substring(0, 8);
        ClinicApi clinician = ClinicApi.as("clinic-a", "clinician");

        String patient = created(post(clinician, traceparent, "/api/v1/patients", """
                {"resourceType":"Patient","name":[{"family":"%1$s-Family","given":["%1$s-Given"]}],
                 "telecom":[{"system":"email","value":"%1$s@example.org"}],"birthDate":"1971-03-04"}
                """.formatted(canary)));
        created(post(clinician, traceparent, "/api/v1/patients/" + patient + "/records", """
                {"resourceType":"Communication","status":"completed",
                 "payload":[{"contentString":"%s: your results are ready"}]}
                """.formatted(canary)));

        // Exporters batch (every few seconds): wait until every expected span has arrived, then check each.
        List<ExportedSpans.Span> spans;
        try {
            spans = Eventually.within(Duration.ofSeconds(90), "the trace's spans from all four services", () -> {
                List<ExportedSpans.Span> found = spansOf(traceId);
                return EXPECTED.stream().allMatch(e -> found.stream().anyMatch(e.matches()))
                        ? Optional.of(found)
                        : Optional.empty();
            });
        } catch (AssertionError timedOut) {
            spans = spansOf(traceId);
        }
        // Service and kind only: names and attributes stay unprinted even when this fails.
        String seen = spans.stream()
                .map(sp -> sp.service() + ":" + sp.kind())
                .sorted()
                .toList()
                .toString();
        for (Expected expected : EXPECTED) {
            assertThat(spans).as("%s (seen %s)", expected.what(), seen).anyMatch(expected.matches());
        }
        for (ExportedSpans.Span span : spans) {
            String text = span.name() + " " + span.attributes();
            // Only the verdict is printed: the span text may hold the canary if this fails.
            assertThat(text.contains(canary))
                    .as("span %s of %s carries the canary", span.spanId(), span.service())
                    .isFalse();
            assertThat(QUERY_VALUE.matcher(text).find())
                    .as("span %s of %s carries a query value", span.spanId(), span.service())
                    .isFalse();
        }
    }

    private static List<ExportedSpans.Span> spansOf(String traceId) {
        try {
            return ExportedSpans.read(OtlpSink.file(OtlpSink.directory(), "traces"))
                    .ofTrace(traceId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> post(ClinicApi clinician, String traceparent, String path, String body) {
        return clinician.postFhir(path, body, "traceparent", traceparent);
    }

    private static String created(HttpResponse<String> response) {
        // Only the status: an error body may echo the synthetic PHI that was sent.
        assertThat(response.statusCode()).as("create").isEqualTo(201);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
