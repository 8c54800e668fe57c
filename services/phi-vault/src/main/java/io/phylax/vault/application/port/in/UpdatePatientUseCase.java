package io.phylax.vault.application.port.in;

import java.util.UUID;

import io.phylax.vault.domain.FhirDocument;
import io.smallrye.mutiny.Uni;

/** Replaces a subject's Patient resource, if the caller's expected version is still current. */
public interface UpdatePatientUseCase {

    record UpdatePatientCommand(RequestContext context, UUID subjectId, long expectedVersion, FhirDocument patient) {}

    Uni<ResourceSnapshot> update(UpdatePatientCommand command);
}
