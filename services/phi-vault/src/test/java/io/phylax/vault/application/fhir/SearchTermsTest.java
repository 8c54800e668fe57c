package io.phylax.vault.application.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.phylax.vault.domain.FhirDocument;

class SearchTermsTest {

    @Test
    void identifiersKeepTheirCaseAndEmailIsLowerCased() {
        assertThat(SearchTerms.normalise(" urn:x ", " Ab12 ")).isEqualTo("urn:x|Ab12");
        assertThat(SearchTerms.normalise("email", " Alice@Example.ORG")).isEqualTo("email|alice@example.org");
        assertThat(SearchTerms.normalise(null, "7")).isEqualTo("|7");
    }

    @Test
    void aPatientIsFoundByItsIdentifiersAndEmailAddressesOnly() {
        FhirDocument patient = new FhirDocument("Patient", """
                {"resourceType":"Patient",
                 "identifier":[{"system":"urn:mrn","value":"M-1"},{"value":"no-system"},{"system":"urn:empty"}],
                 "telecom":[{"system":"email","value":"Bob@Example.org"},{"system":"phone","value":"555"}]}
                """);

        assertThat(SearchTerms.of(patient)).containsExactly("urn:mrn|M-1", "|no-system", "email|bob@example.org");
    }

    @Test
    void emailTermsAreRecognised() {
        assertThat(SearchTerms.isEmail("email|a@b")).isTrue();
        assertThat(SearchTerms.isEmail("urn:email|a@b")).isFalse();
    }
}
