package io.phylax.vault.application.service;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.phylax.vault.application.port.out.EventStorePort;
import io.phylax.vault.application.port.out.ForDataKeys;
import io.phylax.vault.application.port.out.WrapKeyPort;
import io.phylax.vault.application.port.out.WrappedDataKey;
import io.phylax.vault.config.VaultConfig;
import io.phylax.vault.domain.SubjectErasedException;
import io.phylax.vault.domain.crypto.AeadCipher;
import io.smallrye.mutiny.Uni;

/**
 * Subjects' data keys: created and wrapped with the tenant's key-encryption key, unwrapped on demand and
 * kept in a cache bounded in size and age so that reads rarely call the key service.
 */
@ApplicationScoped
public class DataKeys {

    /** A fresh data key together with its wrapped form, ready to be stored. */
    public record NewDataKey(byte[] key, WrappedDataKey wrapped) {}

    private final EventStorePort store;
    private final WrapKeyPort keyService;
    private final Cache<UUID, byte[]> unwrapped;

    @Inject
    public DataKeys(EventStorePort store, @ForDataKeys WrapKeyPort keyService, VaultConfig config) {
        this(store, keyService, config.keys().cacheSize(), config.keys().cacheTtl());
    }

    DataKeys(EventStorePort store, WrapKeyPort keyService, int cacheSize, Duration cacheTtl) {
        this.store = store;
        this.keyService = keyService;
        this.unwrapped = Caffeine.newBuilder()
                .maximumSize(cacheSize)
                .expireAfterWrite(cacheTtl)
                .build();
    }

    /** Generates and wraps a data key for a new subject (off the event loop: the key service may block). */
    public Uni<NewDataKey> create(String tenant, UUID subjectId) {
        return Blocking.run(() -> {
            byte[] key = AeadCipher.newKey();
            return new NewDataKey(key, keyService.wrap(tenant, subjectId, key));
        });
    }

    /** Remembers a key this replica just created, so the first reads need no unwrap. */
    public void remember(UUID subjectId, byte[] key) {
        unwrapped.put(subjectId, key);
    }

    /** The subject's data key; a subject without one is treated as an integrity failure (nothing is served). */
    public Uni<byte[]> keyOf(String tenant, UUID subjectId) {
        byte[] cached = unwrapped.getIfPresent(subjectId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return store.findDataKey(tenant, subjectId)
                // No key: it was destroyed (crypto-shredding), so nothing of this subject can be read.
                .map(found -> found.orElseThrow(SubjectErasedException::new))
                .flatMap(wrapped -> Blocking.run(() -> {
                    byte[] key = keyService.unwrap(wrapped);
                    unwrapped.put(subjectId, key);
                    return key;
                }));
    }

    /** Drops a destroyed key from this replica's memory. */
    public void forget(UUID subjectId) {
        unwrapped.invalidate(subjectId);
    }

    /** How many unwrapped keys are held now (for metrics and tests). */
    public long cachedKeys() {
        unwrapped.cleanUp();
        return unwrapped.estimatedSize();
    }
}
