package io.phylax.vault.domain;

import java.util.Arrays;
import java.util.Optional;

/** The FHIR R4 clinical resource types the vault keeps as record streams attached to a subject. */
public enum RecordType {
    OBSERVATION("Observation"),
    APPOINTMENT("Appointment"),
    COMMUNICATION("Communication"),
    DOCUMENT_REFERENCE("DocumentReference"),
    QUESTIONNAIRE_RESPONSE("QuestionnaireResponse");

    private final String fhirType;

    RecordType(String fhirType) {
        this.fhirType = fhirType;
    }

    /** The FHIR resource type name, as in {@code resourceType}. */
    public String fhirType() {
        return fhirType;
    }

    public static Optional<RecordType> ofFhirType(String resourceType) {
        return Arrays.stream(values())
                .filter(t -> t.fhirType.equals(resourceType))
                .findFirst();
    }
}
