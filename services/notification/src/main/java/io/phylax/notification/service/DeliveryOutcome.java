package io.phylax.notification.service;

import java.util.UUID;

import io.phylax.notification.domain.ChannelKind;
import io.phylax.notification.domain.DeliveryStatus;
import io.phylax.notification.domain.ErrorKind;

/**
 * How the delivery for one event ended: ids and codes only, never the address or the message.
 *
 * @param channel   null when the vault was never answered
 * @param lastError null unless the delivery failed
 */
public record DeliveryOutcome(
        UUID eventId, DeliveryStatus status, ChannelKind channel, int attempts, ErrorKind lastError) {}
