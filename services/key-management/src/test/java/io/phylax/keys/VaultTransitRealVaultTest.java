package io.phylax.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract against a real Vault or OpenBao, when VAULT_ADDR (and VAULT_TOKEN) name one with Transit enabled
 * at PHYLAX_TRANSIT_MOUNT (default "transit"). Each test gets its own key prefix, so runs never share keys; the
 * keys stay behind (Transit keys are not deletable by default), so point it at a development server.
 */
@EnabledIfEnvironmentVariable(named = "VAULT_ADDR", matches = ".+")
class VaultTransitRealVaultTest extends KeyEncryptionContract {

    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private static final AtomicInteger TESTS = new AtomicInteger();

    @Override
    protected KeyEncryptionService newService() {
        String token = System.getenv("VAULT_TOKEN");
        assertThat(token).as("VAULT_TOKEN must be set when VAULT_ADDR is").isNotBlank();
        String mount = System.getenv().getOrDefault("PHYLAX_TRANSIT_MOUNT", VaultTransitSettings.DEFAULT_MOUNT);
        String prefix = "phylax-test-" + RUN + "-" + TESTS.incrementAndGet() + "-";
        return new VaultTransitKeyService(new VaultTransitSettings(
                System.getenv("VAULT_ADDR"), token, mount, prefix, true, Duration.ofSeconds(10)));
    }

    @Test
    void providerIsVaultTransit() {
        assertThat(service.provider()).isEqualTo("vault-transit");
    }

    @Test
    void wrappedKeysUseVaultsFormat() {
        assertThat(service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT).ciphertext())
                .startsWith("vault:v1:");
    }
}
