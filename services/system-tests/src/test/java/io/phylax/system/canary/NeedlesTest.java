package io.phylax.system.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the sweep recognises a canary, and that what it prints about a hit never shows the canary. */
class NeedlesTest {

    private static final String CANARY = "CANARY-PHI-0a1b2c3d";
    private final Needles run = Needles.runCanary(CANARY);

    @Test
    void findsTheCanaryInAnyLetterCase() {
        assertThat(run.find("{\"email\":\"" + CANARY.toLowerCase(Locale.ROOT) + "@example.org\"}"))
                .hasSize(1);
        assertThat(run.find("x " + CANARY.toUpperCase(Locale.ROOT))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "ab", "abc-", "{\"family\":\""})
    void findsTheCanaryBase64EncodedWhateverPrecedesIt(String before) {
        String encoded =
                Base64.getEncoder().encodeToString((before + CANARY + "-Family").getBytes(StandardCharsets.UTF_8));
        assertThat(run.find(encoded)).isNotEmpty();
    }

    @Test
    void findsNothingInAnotherRunsCanary() {
        assertThat(run.find("CANARY-PHI-ffffffff-Family")).isEmpty();
        assertThat(Needles.anyCanary().find("CANARY-PHI-ffffffff-Family")).hasSize(1);
    }

    @Test
    void excerptKeepsKeysAndFieldLabelButNeitherCanaryNorSurroundingValues() {
        String text = "{\"birthDate\":\"1968-07-21\",\"family\":\"" + CANARY + "-Family\",\"city\":\"Springfield\"}";
        Needles.Match match = run.find(text).getFirst();

        String excerpt = Needles.excerpt(text, match);

        assertThat(excerpt)
                .contains("\"family\":\"«canary»-Family\"")
                .doesNotContain(CANARY, "0a1b2c3d", "1968", "Springfield");
    }

    @Test
    void excerptOfABase64HitOrACutCanaryShowsNoCanary() {
        String encoded = Base64.getEncoder().encodeToString((CANARY + "-Given").getBytes(StandardCharsets.UTF_8));
        String text = "payload=" + encoded + " then " + CANARY.substring(0, 14);
        for (Needles.Match match : run.find(text)) {
            assertThat(Needles.excerpt(text, match)).contains("«canary").doesNotContain(encoded, CANARY, "0a1b");
        }
        String cut = "x".repeat(40) + CANARY + "-Family";
        Needles.Match match = Needles.anyCanary().find(cut).getFirst();
        assertThat(Needles.excerpt(cut.substring(0, 50), new Needles.Match(match.offset(), match.needle())))
                .doesNotContain("CANARY");
    }

    @Test
    void binaryHaystackWithControlBytesIsExcerptedSafely() {
        byte[] bytes = ("\u0000\u0001\u0002" + CANARY + "-Phone\u0000").getBytes(StandardCharsets.ISO_8859_1);
        Needles.Match match = run.find(bytes).getFirst();
        assertThat(Needles.excerpt(new String(bytes, StandardCharsets.ISO_8859_1), match))
                .isEqualTo("...«canary»-Phone.");
    }
}
