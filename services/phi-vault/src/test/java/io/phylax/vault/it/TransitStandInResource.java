package io.phylax.vault.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.phylax.keys.TransitStandIn;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs the Transit-compatible stand-in (from key-management's test sources) over real HTTP and points the
 * vault's {@code vault-transit} provider at it. Against a real Vault the same adapter is covered by
 * key-management's contract test when VAULT_ADDR is set.
 */
public class TransitStandInResource implements QuarkusTestResourceLifecycleManager {

    static volatile TransitStandIn standIn;

    @Override
    public Map<String, String> start() {
        standIn = TransitStandIn.start();
        try {
            Path tokenFile = Files.createTempFile("vault-token", ".txt");
            Files.writeString(tokenFile, standIn.token());
            tokenFile.toFile().deleteOnExit();
            return Map.of(
                    "phylax.vault.keys.provider",
                    "vault-transit",
                    "phylax.vault.keys.transit.address",
                    standIn.address(),
                    "phylax.vault.keys.transit.token-file",
                    tokenFile.toString(),
                    "phylax.vault.keys.transit.mount",
                    standIn.mount(),
                    "phylax.vault.keys.transit.create-missing-keys",
                    "true",
                    "phylax.vault.keys.transit.timeout",
                    "PT2S");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (standIn != null) {
            standIn.close();
        }
    }
}
