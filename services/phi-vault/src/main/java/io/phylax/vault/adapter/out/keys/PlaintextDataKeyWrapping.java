package io.phylax.vault.adapter.out.keys;

import java.util.Arrays;
import java.util.UUID;

import io.phylax.keys.KeyIntegrityException;
import io.phylax.keys.WrappedKey;
import io.phylax.vault.application.port.out.WrapKeyPort;
import io.phylax.vault.application.port.out.WrappedDataKey;
import io.phylax.vault.application.port.out.WrappedIndexKey;
import io.phylax.vault.domain.crypto.IntegrityException;

/**
 * BENCHMARK ONLY ({@code phylax.vault.crypto.mode=none}, bench profile): data keys are neither wrapped nor
 * unwrapped by the key service. A data key is stored in clear as {@code none:v1:<base64>} framed like the local
 * keyring's output (12 zero bytes, the key, 16 zero bytes) so the row keeps its size, under provider
 * {@value #PROVIDER}, which also marks the subjects {@code make bench} deletes afterwards. Blind-index keys (one
 * per tenant, cached) still go to the key service.
 */
final class PlaintextDataKeyWrapping implements WrapKeyPort {

    /** The data_key.provider of every key written in this mode. */
    static final String PROVIDER = "none";

    private static final int VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BYTES = 16;

    private final WrapKeyPort keyService;

    PlaintextDataKeyWrapping(WrapKeyPort keyService) {
        this.keyService = keyService;
    }

    @Override
    public WrappedDataKey wrap(String tenant, UUID subjectId, byte[] dataKey) {
        byte[] framed = new byte[NONCE_BYTES + dataKey.length + TAG_BYTES];
        System.arraycopy(dataKey, 0, framed, NONCE_BYTES, dataKey.length);
        return new WrappedDataKey(
                subjectId,
                tenant,
                PROVIDER,
                VERSION,
                WrappedKey.format(PROVIDER, VERSION, framed).ciphertext());
    }

    /** Refuses a key the key service wrapped: this mode never hands out a real subject's key. */
    @Override
    public byte[] unwrap(WrappedDataKey wrapped) {
        try {
            WrappedKey stored = WrappedKey.parse(wrapped.wrapped());
            byte[] framed = stored.payload();
            if (!PROVIDER.equals(wrapped.provider())
                    || !PROVIDER.equals(stored.scheme())
                    || framed.length <= NONCE_BYTES + TAG_BYTES) {
                throw new IntegrityException();
            }
            return Arrays.copyOfRange(framed, NONCE_BYTES, framed.length - TAG_BYTES);
        } catch (KeyIntegrityException | IllegalArgumentException e) {
            throw new IntegrityException();
        }
    }

    @Override
    public WrappedIndexKey wrapIndexKey(String tenant, byte[] indexKey) {
        return keyService.wrapIndexKey(tenant, indexKey);
    }

    @Override
    public byte[] unwrapIndexKey(WrappedIndexKey wrapped) {
        return keyService.unwrapIndexKey(wrapped);
    }
}
