package io.phylax.vault.application.fhir;

import java.util.List;

import io.phylax.trust.rest.Problem.FieldError;

/**
 * A request body that is not an acceptable FHIR R4 resource. Carries the fields at fault and the reasons,
 * never a submitted value.
 */
public class InvalidResourceException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidResourceException(String summary, List<FieldError> errors) {
        super(summary);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
