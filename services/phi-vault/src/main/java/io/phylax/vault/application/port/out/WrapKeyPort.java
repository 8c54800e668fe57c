package io.phylax.vault.application.port.out;

import java.util.UUID;

/**
 * Wraps and unwraps subjects' data keys and tenants' blind-index keys with the tenant's key-encryption key.
 * The two kinds are bound to different associated data, so one never unwraps as the other. Blocking:
 * callers run it off the event loop. Fails with {@link KeyServiceUnavailableException} when the key service
 * cannot answer.
 */
public interface WrapKeyPort {

    WrappedDataKey wrap(String tenant, UUID subjectId, byte[] dataKey);

    byte[] unwrap(WrappedDataKey wrapped);

    WrappedIndexKey wrapIndexKey(String tenant, byte[] indexKey);

    byte[] unwrapIndexKey(WrappedIndexKey wrapped);
}
