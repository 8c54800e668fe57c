package io.phylax.vault.application.port.out;

import java.util.UUID;

/**
 * A subject's data key as stored: wrapped by the tenant's key-encryption key, never in clear.
 *
 * @param wrapped the key service's printable wrapped form (its own format, including the KEK version)
 */
public record WrappedDataKey(UUID subjectId, String tenant, String provider, int kekVersion, String wrapped) {}
