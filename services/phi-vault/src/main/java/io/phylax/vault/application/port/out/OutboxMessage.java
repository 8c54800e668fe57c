package io.phylax.vault.application.port.out;

import java.util.UUID;

/** A message to publish after commit: written in the same transaction as the change it reports. */
public record OutboxMessage(UUID eventId, String topic, String key, byte[] payload) {}
