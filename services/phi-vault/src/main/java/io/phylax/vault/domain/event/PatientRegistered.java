package io.phylax.vault.domain.event;

import io.phylax.vault.domain.FhirDocument;

/** A subject stream began with its FHIR Patient resource. */
public record PatientRegistered(Meta meta, FhirDocument patient) implements VaultEvent {}
