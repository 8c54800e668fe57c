package io.phylax.vault.domain.event;

import io.phylax.vault.domain.ErasureReason;

/** The tombstone of a subject stream: who erased it, when and why. It carries no PHI and no body. */
public record SubjectErased(Meta meta, ErasureReason reason) implements VaultEvent {}
