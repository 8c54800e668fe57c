package io.phylax.vault.application.port.out;

/**
 * A tenant's blind-index (HMAC) key as stored: wrapped by the tenant's key-encryption key, never in clear.
 *
 * @param wrapped the key service's printable wrapped form (its own format, including the KEK version)
 */
public record WrappedIndexKey(String tenant, String provider, int kekVersion, String wrapped) {}
