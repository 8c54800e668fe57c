package io.phylax.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The printable wrapped-key format both providers share. */
class WrappedKeyTest {

    @Test
    void parseTakesTheVersionFromThePrefix() {
        WrappedKey wrapped = WrappedKey.parse("vault:v12:AAECAw==");

        assertThat(wrapped.kekVersion()).isEqualTo(12);
        assertThat(wrapped.scheme()).isEqualTo("vault");
        assertThat(wrapped.payload()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void formatAndParseRoundTrip() {
        WrappedKey formatted = WrappedKey.format("local", 3, new byte[] {9, 8, 7});

        assertThat(formatted.ciphertext()).isEqualTo("local:v3:CQgH");
        assertThat(WrappedKey.parse(formatted.ciphertext())).isEqualTo(formatted);
    }

    @Test
    void versionMustAgreeWithThePrefix() {
        assertThatThrownBy(() -> new WrappedKey(2, "local:v1:CQgH")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storedTextThatIsNotAWrappedKeyIsAnIntegrityFailure() {
        for (String bad : new String[] {
            "",
            "vault:1:CQgH",
            "vault:v0:CQgH",
            "vault:v1:",
            "vault:v1:CQ gH",
            "Vault:v1:CQgH",
            "v1:CQgH",
            "vault:v-1:CQgH"
        }) {
            assertThatThrownBy(() -> WrappedKey.parse(bad)).as(bad).isInstanceOf(KeyIntegrityException.class);
        }
    }

    @Test
    void badBase64ShowsWhenThePayloadIsRead() {
        WrappedKey wrapped = WrappedKey.parse("local:v1:CQgHa");

        assertThatThrownBy(wrapped::payload).isInstanceOf(IllegalArgumentException.class);
    }
}
