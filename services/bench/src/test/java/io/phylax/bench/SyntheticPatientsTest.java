package io.phylax.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The clinic Patient and the Idempotency-Keys the points send with it. */
class SyntheticPatientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CANARY = "CANARY-PHI-BENCH-";

    @Test
    void clinicPatientIsAFhirPatientOfAboutNineHundredBytes() throws Exception {
        String body = SyntheticPatients.clinicPatient();

        assertThat(JSON.readTree(body).path("resourceType").asText()).isEqualTo("Patient");
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isBetween(850, 950);
    }

    @Test
    void clinicPatientHasAHomeAndAMobilePhoneAndNoEmail() throws Exception {
        JsonNode telecom = JSON.readTree(SyntheticPatients.clinicPatient()).path("telecom");

        assertThat(telecom).hasSize(2);
        assertThat(telecom)
                .allSatisfy(t -> assertThat(t.path("system").asText()).isEqualTo("phone"));
        assertThat(List.of(
                        telecom.get(0).path("use").asText(),
                        telecom.get(1).path("use").asText()))
                .containsExactly("home", "mobile");
        assertThat(SyntheticPatients.clinicPatient()).doesNotContain("email");
    }

    @Test
    void everyPhiValueOfTheClinicPatientCarriesTheCanary() throws Exception {
        JsonNode p = JSON.readTree(SyntheticPatients.clinicPatient());
        List<JsonNode> phi = new ArrayList<>();
        phi.add(p.at("/identifier/0/value"));
        phi.add(p.at("/name/0/family"));
        p.at("/name/0/given").forEach(phi::add);
        p.path("telecom").forEach(t -> phi.add(t.path("value")));
        p.at("/address/0/line").forEach(phi::add);
        phi.add(p.at("/address/0/city"));

        assertThat(phi).hasSize(8);
        assertThat(phi).allSatisfy(v -> assertThat(v.asText()).startsWith(CANARY));
        // One canary per patient, so a leak found anywhere names the registration it came from.
        assertThat(phi.stream().map(JsonNode::asText).distinct()).hasSize(1);
    }

    @Test
    void clinicPatientCarriesTheCodedElementsAClinicSends() throws Exception {
        JsonNode p = JSON.readTree(SyntheticPatients.clinicPatient());

        assertThat(p.at("/identifier/0/use").asText()).isEqualTo("usual");
        assertThat(p.at("/identifier/0/type/coding/0/system").asText())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0203");
        assertThat(p.at("/identifier/0/type/coding/0/code").asText()).isEqualTo("MR");
        assertThat(p.at("/identifier/0/system").asText()).isNotBlank();
        assertThat(p.path("active").asBoolean()).isTrue();
        assertThat(p.at("/name/0/use").asText()).isEqualTo("official");
        assertThat(p.at("/name/0/given")).hasSize(2);
        assertThat(p.at("/name/0/prefix/0").asText()).isNotBlank();
        assertThat(p.path("gender").asText()).isEqualTo("female");
        assertThat(p.path("birthDate").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        JsonNode address = p.at("/address/0");
        assertThat(List.of("line", "city", "state", "postalCode", "country"))
                .allSatisfy(f -> assertThat(address.has(f)).as(f).isTrue());
        assertThat(p.at("/maritalStatus/coding/0/system").asText())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus");
        assertThat(p.at("/communication/0/language/coding/0/system").asText()).isEqualTo("urn:ietf:bcp:47");
        assertThat(p.at("/communication/0/language/coding/0/code").asText()).isEqualTo("en-AU");
        assertThat(p.at("/communication/0/preferred").asBoolean()).isTrue();
    }

    @Test
    void eachClinicPatientIsANewSubject() {
        assertThat(SyntheticPatients.clinicPatient()).isNotEqualTo(SyntheticPatients.clinicPatient());
    }

    @Test
    void idempotencyKeysAreWhatTheVaultAcceptsAndNeverRepeat() {
        List<String> keys = IntStream.range(0, 1000)
                .mapToObj(i -> SyntheticPatients.idempotencyKey())
                .toList();

        assertThat(keys).allSatisfy(k -> assertThat(k).matches("[A-Za-z0-9._:-]{1,128}"));
        assertThat(keys).doesNotHaveDuplicates();
    }

    @Test
    void onlyTheClinicPatientIsSentWithAnIdempotencyKey() {
        assertThat(BenchPatient.SMALL.idempotencyKey()).isNull();
        assertThat(BenchPatient.CLINIC.idempotencyKey()).startsWith("bench-");
        assertThat(BenchPatient.CLINIC.describe()).matches("clinic Patient, \\d{3} B, Idempotency-Key");
    }

    @Test
    void aSeriesNamesItsPatient() {
        assertThat(BenchPatient.CLINIC.series("vault-write")).isEqualTo("vault-write-clinic");
        assertThat(BenchPatient.of("pg-read-clinic")).isEqualTo(BenchPatient.CLINIC);
        assertThat(BenchPatient.of("vault-off-write")).isEqualTo(BenchPatient.SMALL);
    }
}
