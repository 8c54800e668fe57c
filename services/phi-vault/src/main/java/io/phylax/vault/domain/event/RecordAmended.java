package io.phylax.vault.domain.event;

import io.phylax.vault.domain.FhirDocument;
import io.phylax.vault.domain.RecordType;

/** A record's resource was replaced by a new version of the same type. */
public record RecordAmended(Meta meta, RecordType recordType, FhirDocument resource) implements VaultEvent {}
