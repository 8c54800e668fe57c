package io.phylax.vault.domain;

import java.util.Locale;
import java.util.Optional;

/** The shape of a bulk export: FHIR NDJSON (one resource per line) or one FHIR collection Bundle. */
public enum ExportFormat {
    NDJSON("application/fhir+ndjson"),
    BUNDLE("application/fhir+json");

    private final String mediaType;

    ExportFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The media type of the decrypted file (the JWE's {@code cty}). */
    public String mediaType() {
        return mediaType;
    }

    /** The code used in requests and in the database: {@code ndjson} or {@code bundle}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ExportFormat> ofCode(String code) {
        for (ExportFormat format : values()) {
            if (format.code().equals(code)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
