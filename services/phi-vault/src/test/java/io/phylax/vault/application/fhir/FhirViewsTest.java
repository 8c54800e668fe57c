package io.phylax.vault.application.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.phylax.vault.domain.FhirDocument;
import io.phylax.vault.domain.access.View;

class FhirViewsTest {

    private static final FhirViews VIEWS = new FhirViews();
    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");
    private static final FhirDocument PATIENT = new FhirDocument(
            "Patient",
            "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"identifier\":[{\"value\":\"MRN-1\"}],"
                    + "\"name\":[{\"family\":\"Doe\"}],\"telecom\":[{\"value\":\"555\"}],\"birthDate\":\"1980-01-01\","
                    + "\"text\":{\"status\":\"generated\",\"div\":\"<div>summary</div>\"}}");

    @Test
    void fullViewKeepsEverythingAndAddsVersionMetadata() {
        String json = VIEWS.render(PATIENT, View.FULL, 3, AT);

        assertThat(json).contains("MRN-1", "Doe", "555", "\"versionId\":\"3\"", "2026-11-26T10:00:00Z");
    }

    @Test
    void schedulingViewHasContactButNoIdentifiers() {
        String json = VIEWS.render(PATIENT, View.SCHEDULING, 1, AT);

        assertThat(json).contains("Doe", "555", "1980-01-01").doesNotContain("MRN-1", "<div>");
    }

    @Test
    void billingViewHasIdentifiersButNoContact() {
        String json = VIEWS.render(PATIENT, View.BILLING, 1, AT);

        assertThat(json).contains("MRN-1", "Doe").doesNotContain("555", "<div>");
    }

    @Test
    void maskedViewShowsNoValueAtAll() {
        String json = VIEWS.render(PATIENT, View.MASKED, 1, AT);

        assertThat(json).doesNotContain("MRN-1", "Doe", "555", "1980").contains("\"id\":\"p1\"", "REDACTED");
    }

    @Test
    void partialWriterCannotSetElementsOutsideItsView() {
        assertThat(VIEWS.elementsOutside(PATIENT, View.SCHEDULING)).containsExactlyInAnyOrder("identifier", "text");
        assertThat(VIEWS.elementsOutside(PATIENT, View.FULL)).isEmpty();
    }

    @Test
    void partialWriteKeepsWhatTheWriterCannotSee() {
        FhirDocument submitted = new FhirDocument(
                "Patient",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Roe\"}],\"birthDate\":\"1980-01-01\"}");

        String merged = VIEWS.merge(PATIENT, submitted, View.SCHEDULING).json();

        assertThat(merged).contains("Roe", "MRN-1", "<div>").doesNotContain("Doe", "555");
    }
}
