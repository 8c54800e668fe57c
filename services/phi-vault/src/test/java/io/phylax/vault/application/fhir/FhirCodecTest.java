package io.phylax.vault.application.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.phylax.trust.rest.Problem.FieldError;
import io.phylax.vault.domain.FhirDocument;

class FhirCodecTest {

    /** Synthetic PHI marker: any error message containing it would be echoing submitted values. */
    private static final String CANARY = "CANARY-PHI-c0dec";

    private static final FhirCodec CODEC = new FhirCodec();

    private static InvalidResourceException refusal(String body) {
        try {
            CODEC.parse(body);
        } catch (InvalidResourceException e) {
            return e;
        }
        throw new AssertionError("expected the body to be refused");
    }

    private static void assertNoEcho(InvalidResourceException e) {
        assertThat(e.getMessage()).doesNotContain(CANARY);
        assertThat(e.errors()).extracting(FieldError::reason).noneMatch(r -> r.contains(CANARY));
        assertThat(e.errors()).extracting(FieldError::field).noneMatch(f -> f.contains(CANARY));
    }

    @Test
    void parsesAPatientIntoCanonicalForm() {
        FhirDocument doc = CODEC.parse(
                "{\"resourceType\":\"Patient\",\"birthDate\":\"1980-02-03\",\"name\":[{\"family\":\"Doe\"}]}");

        assertThat(doc.resourceType()).isEqualTo("Patient");
        assertThat(doc.json())
                .isEqualTo(CODEC.parse(
                                "{\"name\":[{\"family\":\"Doe\"}],\"resourceType\":\"Patient\",\"birthDate\":\"1980-02-03\"}")
                        .json());
    }

    @Test
    void dropsClientVersionMetadataAndTakesTheVaultsId() {
        UUID id = UUID.randomUUID();
        FhirDocument doc = CODEC.withId(
                CODEC.parse("{\"resourceType\":\"Patient\",\"id\":\"x1\",\"meta\":{\"versionId\":\"9\"}}"), id);

        assertThat(doc.json())
                .contains("\"id\":\"" + id + "\"")
                .doesNotContain("versionId")
                .doesNotContain("x1");
    }

    @Test
    void settingTheIdOfACanonicalDocumentGivesWhatHapiWouldEncode() {
        UUID id = UUID.randomUUID();
        for (String body : List.of(
                "{\"resourceType\":\"Patient\"}",
                "{\"resourceType\":\"Patient\",\"id\":\"client-chosen.1\",\"gender\":\"female\"}",
                "{\"resourceType\":\"Patient\",\"meta\":{\"tag\":[{\"code\":\"t\"}]},\"active\":true}",
                "{\"resourceType\":\"Observation\",\"id\":\"o\",\"status\":\"final\","
                        + "\"code\":{\"text\":\"x\"},\"valueQuantity\":{\"value\":0.10}}")) {
            FhirDocument parsed = CODEC.parse(body);

            assertThat(CODEC.withId(parsed, id)).isEqualTo(CODEC.withIdThroughHapi(parsed, id));
        }
    }

    @Test
    void unknownElementIsNamedWithoutItsValue() {
        InvalidResourceException e = refusal("{\"resourceType\":\"Patient\",\"nickname\":\"" + CANARY + "\"}");

        assertThat(e.errors()).extracting(FieldError::field).anyMatch(f -> f.endsWith("nickname"));
        assertNoEcho(e);
    }

    @Test
    void invalidValueIsNamedWithoutItsValue() {
        InvalidResourceException e = refusal("{\"resourceType\":\"Patient\",\"birthDate\":\"" + CANARY + "\"}");

        assertThat(e.errors()).isNotEmpty();
        assertNoEcho(e);
    }

    @Test
    void wrongJsonTypeIsRefused() {
        InvalidResourceException e = refusal("{\"resourceType\":\"Patient\",\"name\":\"" + CANARY + "\"}");

        assertThat(e.errors()).extracting(FieldError::field).anyMatch(f -> f.contains("name"));
        assertNoEcho(e);
    }

    @Test
    void malformedJsonIsRefusedWithoutEcho() {
        InvalidResourceException e = refusal("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + CANARY);

        assertThat(e.errors()).extracting(FieldError::field).containsExactly("body");
        assertNoEcho(e);
    }

    @Test
    void resourceTypesOutsideTheClinicApiAreRefused() {
        InvalidResourceException e = refusal("{\"resourceType\":\"Bundle\",\"type\":\"collection\"}");

        assertThat(e.errors()).extracting(FieldError::field).containsExactly("resourceType");
    }

    @Test
    void unknownResourceTypeIsRefused() {
        assertThat(refusal("{\"resourceType\":\"" + CANARY + "\"}").errors()).isNotEmpty();
        assertNoEcho(refusal("{\"resourceType\":\"" + CANARY + "\"}"));
    }

    @Test
    void emptyBodyIsRefused() {
        assertThat(refusal("  ").errors()).extracting(FieldError::field).containsExactly("body");
    }

    @Test
    void recordIsBoundToItsSubject() {
        UUID subject = UUID.randomUUID();
        FhirDocument observation = CODEC.bindToSubject(
                CODEC.parse("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"hr\"}}"),
                subject);

        assertThat(observation.json()).contains("\"subject\":{\"reference\":\"Patient/" + subject + "\"}");
    }

    @Test
    void recordNamingAnotherPatientIsRefused() {
        FhirDocument observation = CODEC.parse("{\"resourceType\":\"Observation\",\"status\":\"final\","
                + "\"code\":{\"text\":\"hr\"},\"subject\":{\"reference\":\"Patient/someone-else\"}}");

        assertThatThrownBy(() -> CODEC.bindToSubject(observation, UUID.randomUUID()))
                .isInstanceOf(InvalidResourceException.class);
    }

    @Test
    void appointmentGetsThePatientAsParticipant() {
        UUID subject = UUID.randomUUID();
        FhirDocument appointment =
                CODEC.bindToSubject(CODEC.parse("{\"resourceType\":\"Appointment\",\"status\":\"booked\"}"), subject);

        assertThat(appointment.json()).contains("Patient/" + subject);
    }

    @Test
    void textLongerThanTheLimitIsRefusedByElementPathWithoutItsValue() {
        String atLimit = CANARY + "x".repeat(FhirCodec.MAX_TEXT_CHARS - CANARY.length());
        String patient = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"%s\"}]}";

        assertThat(CODEC.parse(patient.formatted(atLimit)).json()).contains(atLimit);
        InvalidResourceException e = refusal(patient.formatted(atLimit + "x"));

        assertThat(e.errors()).extracting(FieldError::field).containsExactly("name.family");
        assertThat(e.errors().get(0).reason()).contains("longer than " + FhirCodec.MAX_TEXT_CHARS);
        assertNoEcho(e);
    }

    @Test
    void attachmentDataIsBoundedByTheBodyLimitOnly() {
        String data = java.util.Base64.getEncoder().encodeToString(new byte[FhirCodec.MAX_TEXT_CHARS * 2]);

        FhirDocument doc = CODEC.parse("{\"resourceType\":\"DocumentReference\",\"status\":\"current\","
                + "\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"" + data + "\"}}]}");

        assertThat(doc.json()).contains(data);
    }
}
