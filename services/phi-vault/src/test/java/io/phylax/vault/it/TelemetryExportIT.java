package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With an OTLP endpoint configured, the vault exports traces, and they carry no PHI. */
@QuarkusTest
@TestProfile(TelemetryProfile.class)
class TelemetryExportIT {

    private final VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");

    @Test
    void exportsTracesWithoutPhiWhenAnEndpointIsConfigured() throws InterruptedException {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", Boolean.class))
                .isFalse();
        String canary = canary();
        UUID id = clinician.register(patient(canary));
        clinician.read(id).then().statusCode(200);
        int before = OtlpReceiverResource.TRACE_EXPORTS.size();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!exportMentions(id.toString()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }

        assertThat(OtlpReceiverResource.TRACE_EXPORTS.size()).isGreaterThanOrEqualTo(Math.max(before, 1));
        assertThat(exportMentions(id.toString()))
                .as("a span for the request was exported")
                .isTrue();
        assertThat(exportMentions(canary))
                .as("exported spans mention the canary")
                .isFalse();
    }

    @Test
    void aSearchedIdentifierNeverReachesTheExportedSpans() throws InterruptedException {
        String canary = canary();
        clinician.register(patient(canary));
        String identifier = "urn:oid:2.16.840.1.113883.4.1|" + canary + "-MRN";
        clinician
                .request()
                .queryParam("identifier", identifier)
                .get("/api/v1/patients")
                .then()
                .statusCode(200);
        clinician
                .request()
                .contentType("application/json")
                .body(java.util.Map.of("identifier", identifier))
                .post("/api/v1/patients/_search")
                .then()
                .statusCode(200);

        // Spans are exported in the order they end: once the later search is out, the earlier one is too.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!exportMentions("_search") && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }

        assertThat(exportMentions("_search"))
                .as("the search spans were exported")
                .isTrue();
        assertThat(exportMentions("identifier=REDACTED"))
                .as("the query span kept the parameter name only")
                .isTrue();
        assertThat(exportMentions(canary))
                .as("exported spans mention the canary")
                .isFalse();
    }

    private static boolean exportMentions(String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        return OtlpReceiverResource.TRACE_EXPORTS.stream().anyMatch(body -> contains(body, needle));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
