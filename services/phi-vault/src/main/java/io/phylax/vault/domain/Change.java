package io.phylax.vault.domain;

import java.time.Instant;
import java.util.UUID;

import io.phylax.vault.domain.event.VaultEvent.Actor;

/**
 * What every command carries besides its payload: the id the resulting event will have, when it happens
 * and who does it. Supplied by the application layer so the domain stays free of clocks and generators.
 */
public record Change(UUID eventId, Instant at, Actor actor) {}
