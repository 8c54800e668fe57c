package io.phylax.vault.domain.event;

import io.phylax.vault.domain.FhirDocument;

/** The subject's Patient resource was replaced by a new version. */
public record PatientUpdated(Meta meta, FhirDocument patient) implements VaultEvent {}
