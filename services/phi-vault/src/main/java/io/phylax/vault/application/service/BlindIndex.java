package io.phylax.vault.application.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.phylax.vault.application.fhir.SearchTerms;
import io.phylax.vault.application.port.out.BlindIndexPort;
import io.phylax.vault.application.port.out.Commit;
import io.phylax.vault.application.port.out.WrapKeyPort;
import io.phylax.vault.config.VaultConfig;
import io.phylax.vault.domain.FhirDocument;
import io.phylax.vault.domain.crypto.AeadCipher;
import io.smallrye.mutiny.Uni;

/**
 * The blind index (ADR 0014): keyed HMAC-SHA256 of normalised search terms under a random per-tenant key,
 * which is wrapped by the tenant's key-encryption key and cached unwrapped like the data keys.
 */
@ApplicationScoped
public class BlindIndex {

    private static final String HMAC = "HmacSHA256";

    private final BlindIndexPort store;
    private final WrapKeyPort keyService;
    private final Cache<String, byte[]> unwrapped;

    @Inject
    public BlindIndex(BlindIndexPort store, WrapKeyPort keyService, VaultConfig config) {
        this.store = store;
        this.keyService = keyService;
        this.unwrapped = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(config.keys().cacheTtl())
                .build();
    }

    /** The tenant's index key, created and stored on first use (writes need one). */
    public Uni<byte[]> keyFor(String tenant) {
        return existingKey(tenant)
                .flatMap(found -> found.isPresent()
                        ? Uni.createFrom().item(found.get())
                        : Blocking.run(() -> keyService.wrapIndexKey(tenant, AeadCipher.newKey()))
                                .flatMap(store::saveIndexKeyIfAbsent)
                                // Whoever stored first wins; unwrap what was stored, not what this replica made.
                                .flatMap(stored -> Blocking.run(() -> keyService.unwrapIndexKey(stored)))
                                .invoke(key -> unwrapped.put(tenant, key)));
    }

    /** The tenant's index key if it has one (a tenant without one has indexed nothing, so finds nothing). */
    public Uni<Optional<byte[]>> existingKey(String tenant) {
        byte[] cached = unwrapped.getIfPresent(tenant);
        if (cached != null) {
            return Uni.createFrom().item(Optional.of(cached));
        }
        return store.findIndexKey(tenant)
                .flatMap(found -> found.isEmpty()
                        ? Uni.createFrom().item(Optional.<byte[]>empty())
                        : Blocking.run(() -> {
                            byte[] key = keyService.unwrapIndexKey(found.get());
                            unwrapped.put(tenant, key);
                            return Optional.of(key);
                        }));
    }

    /** Drops a tenant's unwrapped key from this replica's memory (the next use unwraps the stored form). */
    public void forget(String tenant) {
        unwrapped.invalidate(tenant);
    }

    /** The index rows a Patient should have after a commit. */
    public Commit.IndexTerms terms(String tenant, UUID subjectId, FhirDocument patient, byte[] key) {
        List<String> hashes =
                SearchTerms.of(patient).stream().map(t -> hash(tenant, key, t)).toList();
        return new Commit.IndexTerms(tenant, subjectId, hashes);
    }

    /** The hex HMAC of one normalised term; the tenant is part of the input as well as of the key. */
    public String hash(String tenant, byte[] key, String term) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            byte[] digest =
                    mac.doFinal(("phylax/v1|blind-index|" + tenant + "|" + term).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
