package io.phylax.vault.domain;

import java.util.Objects;

/**
 * A FHIR R4 resource in its canonical JSON form, already parsed and validated by the application layer.
 * The domain treats the JSON as opaque: it only needs the resource type and equality.
 *
 * @param resourceType the FHIR resource type, e.g. {@code Patient}
 * @param json         canonical JSON (PHI: never logged, only ever stored encrypted)
 */
public record FhirDocument(String resourceType, String json) {

    public FhirDocument {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(json, "json");
    }

    /** Deliberately omits the body: a document must never reach a log through toString. */
    @Override
    public String toString() {
        return "FhirDocument[" + resourceType + ", " + json.length() + " chars]";
    }
}
