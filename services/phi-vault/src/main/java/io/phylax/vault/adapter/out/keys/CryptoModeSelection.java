package io.phylax.vault.adapter.out.keys;

import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.phylax.vault.application.port.out.ForDataKeys;
import io.phylax.vault.application.port.out.WrapKeyPort;
import io.phylax.vault.config.CryptoMode;
import io.phylax.vault.config.VaultConfig;
import io.phylax.vault.domain.crypto.AeadBodyCipher;
import io.phylax.vault.domain.crypto.BodyCipher;
import io.phylax.vault.domain.crypto.PlaintextBodyCipher;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Chooses, once at start, how bodies are sealed and how data keys are wrapped: AES-256-GCM and the key service
 * (production), or the benchmark's encryption-off classes, which are refused outside the Quarkus {@code bench}
 * profile (ADR 0090). The check runs at start so a wrong setting stops the vault before it stores anything.
 */
@Singleton
@Startup
public class CryptoModeSelection {

    private static final Logger LOG = Logger.getLogger(CryptoModeSelection.class);

    private final CryptoMode mode;

    @Inject
    CryptoModeSelection(VaultConfig config) {
        this(config.crypto().mode(), ConfigUtils.getProfiles());
    }

    CryptoModeSelection(CryptoMode mode, List<String> activeProfiles) {
        mode.requireAllowedIn(activeProfiles);
        this.mode = mode;
        if (mode == CryptoMode.NONE) {
            LOG.warnf(
                    "ENCRYPTION OFF (phylax.vault.crypto.mode=none, profiles %s): bodies and data keys are stored in "
                            + "clear for benchmarking only; never use this database for real data",
                    activeProfiles);
        }
    }

    @Produces
    @Singleton
    BodyCipher bodyCipher() {
        return mode == CryptoMode.NONE ? new PlaintextBodyCipher() : new AeadBodyCipher();
    }

    /** The key service itself in production; in the benchmark's encryption-off mode, no call for data keys. */
    @Produces
    @Singleton
    @ForDataKeys
    WrapKeyPort dataKeyWrapping(WrapKeyPort keyService) {
        return mode == CryptoMode.NONE ? new PlaintextDataKeyWrapping(keyService) : keyService;
    }
}
