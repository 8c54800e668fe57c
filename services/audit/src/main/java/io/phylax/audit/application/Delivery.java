package io.phylax.audit.application;

/**
 * One message as the broker delivered it, before anything about it is trusted.
 *
 * @param topic     where it came from
 * @param partition its partition
 * @param offset    its offset
 * @param key       the record key as sent (may be null)
 * @param value     the record value as sent (may be null)
 */
public record Delivery(String topic, int partition, long offset, byte[] key, byte[] value) {}
