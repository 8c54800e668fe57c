package io.phylax.vault.application.port.in;

import io.phylax.vault.domain.FhirDocument;
import io.smallrye.mutiny.Uni;

/** Registers a new subject from a FHIR Patient. */
public interface RegisterPatientUseCase {

    /**
     * @param idempotencyKey the client's Idempotency-Key, or null: a repeat with the same key and body
     *                       returns the first result and creates nothing
     */
    record RegisterPatientCommand(RequestContext context, FhirDocument patient, String idempotencyKey) {}

    /** The result, and whether this call created the subject (false for an idempotent replay). */
    record Registered(ResourceSnapshot snapshot, boolean created) {}

    Uni<Registered> register(RegisterPatientCommand command);
}
