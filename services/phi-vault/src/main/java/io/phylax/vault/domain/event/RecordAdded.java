package io.phylax.vault.domain.event;

import io.phylax.vault.domain.FhirDocument;
import io.phylax.vault.domain.RecordType;

/** A record stream began: a clinical resource attached to a subject. */
public record RecordAdded(Meta meta, RecordType recordType, FhirDocument resource) implements VaultEvent {}
