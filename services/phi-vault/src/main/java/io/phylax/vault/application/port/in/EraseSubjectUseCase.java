package io.phylax.vault.application.port.in;

import java.util.UUID;

import io.phylax.vault.domain.ErasureReason;
import io.smallrye.mutiny.Uni;

/** Erases a subject by destroying its data key (crypto-shredding); the stream keeps a tombstone. */
public interface EraseSubjectUseCase {

    record EraseSubjectCommand(RequestContext context, UUID subjectId, ErasureReason reason) {}

    Uni<Void> erase(EraseSubjectCommand command);
}
