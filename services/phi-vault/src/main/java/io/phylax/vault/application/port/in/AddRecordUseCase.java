package io.phylax.vault.application.port.in;

import java.util.UUID;

import io.phylax.vault.domain.FhirDocument;
import io.smallrye.mutiny.Uni;

/** Attaches a new clinical record (FHIR resource) to a subject. */
public interface AddRecordUseCase {

    record AddRecordCommand(RequestContext context, UUID subjectId, FhirDocument resource) {}

    Uni<ResourceSnapshot> add(AddRecordCommand command);
}
