package io.phylax.vault.application.port.in;

import java.util.UUID;

import io.phylax.vault.domain.FhirDocument;
import io.smallrye.mutiny.Uni;

/** Replaces a record's resource, if the caller's expected version is still current. */
public interface AmendRecordUseCase {

    record AmendRecordCommand(RequestContext context, UUID recordId, long expectedVersion, FhirDocument resource) {}

    Uni<ResourceSnapshot> amend(AmendRecordCommand command);
}
