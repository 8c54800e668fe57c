package io.phylax.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Defaults and validation of the Vault Transit settings. */
class VaultTransitSettingsTest {

    private static final String ADDRESS = "https://vault.internal:8200";
    private static final String TOKEN = "s.synthetic-token-1234";

    @Test
    void fillsDefaults() {
        VaultTransitSettings settings = new VaultTransitSettings(ADDRESS + "/", TOKEN, null, null, true, null);

        assertThat(settings.address()).isEqualTo(ADDRESS);
        assertThat(settings.mount()).isEqualTo("transit");
        assertThat(settings.keyPrefix()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void trimsSlashesAroundTheMount() {
        assertThat(new VaultTransitSettings(ADDRESS, TOKEN, "/kms/phylax/", "", true, null).mount())
                .isEqualTo("kms/phylax");
    }

    @Test
    void toStringLeavesTheTokenOut() {
        VaultTransitSettings settings =
                new VaultTransitSettings(ADDRESS, TOKEN, "transit", "phylax-", true, Duration.ofSeconds(2));

        assertThat(settings.toString()).doesNotContain(TOKEN).contains(ADDRESS).contains("phylax-");
    }

    @Test
    void rejectsSettingsThatCouldOnlyFailLater() {
        assertThatThrownBy(() -> new VaultTransitSettings("vault:8200", TOKEN, null, null, true, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VaultTransitSettings(ADDRESS, " ", null, null, true, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VaultTransitSettings(ADDRESS, TOKEN, "transit/../sys", null, true, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VaultTransitSettings(ADDRESS, TOKEN, null, "../", true, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VaultTransitSettings(ADDRESS, TOKEN, null, null, true, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
