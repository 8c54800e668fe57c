package io.phylax.vault.adapter.out.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.phylax.keys.KeyEncryptionService;
import io.phylax.keys.LocalKeyring;
import io.phylax.keys.VaultTransitKeyService;
import io.phylax.keys.VaultTransitSettings;
import io.phylax.vault.config.VaultConfig;
import io.quarkus.runtime.Startup;

/**
 * Chooses the key-encryption backend from configuration: the local passphrase-protected keyring (the
 * embedded default) or Vault Transit / OpenBao. Missing settings stop the service at start, not later.
 */
@ApplicationScoped
public class KeyServiceProducer {

    @Produces
    @ApplicationScoped
    @Startup
    KeyEncryptionService keyService(VaultConfig config) {
        VaultConfig.Keys keys = config.keys();
        return switch (keys.provider()) {
            case "local" ->
                new LocalKeyring(
                        required(keys.local().keyring(), "phylax.vault.keys.local.keyring"),
                        readSecret(required(keys.local().passphraseFile(), "phylax.vault.keys.local.passphrase-file"))
                                .toCharArray());
            case "vault-transit" ->
                new VaultTransitKeyService(new VaultTransitSettings(
                        required(keys.transit().address(), "phylax.vault.keys.transit.address"),
                        readSecret(required(keys.transit().tokenFile(), "phylax.vault.keys.transit.token-file")),
                        keys.transit().mount(),
                        keys.transit().keyPrefix(),
                        keys.transit().createMissingKeys(),
                        keys.transit().timeout()));
            default -> throw new IllegalStateException("phylax.vault.keys.provider must be 'local' or 'vault-transit'");
        };
    }

    void close(@Disposes KeyEncryptionService service) {
        if (service instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Shutting down: nothing more to do with a key service that will not close cleanly.
            }
        }
    }

    private static <T> T required(java.util.Optional<T> value, String name) {
        return value.orElseThrow(() -> new IllegalStateException(name + " is required for this key provider"));
    }

    private static String readSecret(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }
}
