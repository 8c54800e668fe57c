package io.phylax.vault.application.port.out;

import java.util.Optional;

import io.phylax.vault.domain.access.Scope;

/**
 * A stream's state read together with where its subject stands for one member (ADR 17), in one transaction.
 *
 * @param state the stream's state, empty if the tenant has no such stream
 * @param scope the member's scope on the stream's subject; {@link Scope#OUTSIDE} when nothing was found
 */
public record ScopedState(Optional<StoredState> state, Scope scope) {}
