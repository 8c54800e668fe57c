package io.phylax.vault.adapter.in.rest;

/** The FHIR JSON media type. */
public final class FhirMediaType {

    public static final String FHIR_JSON = "application/fhir+json";

    private FhirMediaType() {}
}
