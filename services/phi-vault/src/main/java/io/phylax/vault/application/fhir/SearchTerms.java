package io.phylax.vault.application.fhir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.vault.domain.FhirDocument;

/**
 * The exact-match search terms of a Patient, normalised as {@code system|value}: every identifier, and every
 * e-mail address as {@code email|address}. Values are trimmed; e-mail addresses are lower-cased because
 * mail systems treat them so, identifiers keep their case because issuers may not.
 */
public final class SearchTerms {

    /** The system under which e-mail telecom values are searched ({@code email|alice@example.org}). */
    public static final String EMAIL = "email";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchTerms() {}

    /** The normalised term for a searched or stored system and value. */
    public static String normalise(String system, String value) {
        String s = system == null ? "" : system.strip();
        String v = value.strip();
        return s + "|" + (EMAIL.equalsIgnoreCase(s) ? v.toLowerCase(Locale.ROOT) : v);
    }

    /** Whether a normalised term searches e-mail addresses (telecom) rather than identifiers. */
    public static boolean isEmail(String term) {
        return term.regionMatches(true, 0, EMAIL + "|", 0, EMAIL.length() + 1);
    }

    /** The terms a stored Patient is found by. */
    public static List<String> of(FhirDocument patient) {
        JsonNode root;
        try {
            root = JSON.readTree(patient.json());
        } catch (IOException e) {
            throw new UncheckedIOException("stored resource is not JSON", e);
        }
        List<String> terms = new ArrayList<>();
        for (JsonNode identifier : root.path("identifier")) {
            String value = identifier.path("value").asText("");
            if (!value.isBlank()) {
                terms.add(normalise(identifier.path("system").asText(""), value));
            }
        }
        for (JsonNode telecom : root.path("telecom")) {
            String value = telecom.path("value").asText("");
            if (EMAIL.equals(telecom.path("system").asText()) && !value.isBlank()) {
                terms.add(normalise(EMAIL, value));
            }
        }
        return terms.stream().distinct().toList();
    }
}
