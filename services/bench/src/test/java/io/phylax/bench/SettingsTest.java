package io.phylax.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What the environment deploy/bench/run passes turns into, and which phases it runs. */
class SettingsTest {

    @Test
    void byDefaultEveryPhaseRunsWithAFiveMinuteSoakAtSixteenConnections() {
        Settings s = Settings.from(env(Map.of()));

        assertThat(s.phases()).containsExactlyElementsOf(Settings.PHASES);
        assertThat(s.soaks()).isTrue();
        assertThat(s.soakLength()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.soakConcurrency()).isEqualTo(16);
        assertThat(s.soakCreateShare()).isEqualTo(0.25);
        assertThat(s.soakInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.encryptionOff()).isTrue();
    }

    @Test
    void soakSecondsOfZeroSkipsTheSoak() {
        Settings s = Settings.from(env(Map.of("BENCH_SOAK_SECONDS", "0")));

        assertThat(s.soaks()).isFalse();
        assertThat(s.describe()).containsEntry("soakSeconds", 0L);
    }

    @Test
    void chosenPhasesRunAloneAndLeaveTheEncryptionOffPointsOut() {
        Settings s = Settings.from(env(Map.of("BENCH_PHASES", "clinic, soak")));

        assertThat(s.runs("clinic")).isTrue();
        assertThat(s.soaks()).isTrue();
        assertThat(s.runs("small")).isFalse();
        assertThat(s.runs("jmh")).isFalse();
        assertThat(s.encryptionOff()).isFalse();
    }

    @Test
    void anUnknownPhaseIsRefusedRatherThanSkipped() {
        assertThatThrownBy(() -> Settings.from(env(Map.of("BENCH_PHASES", "clinic,sock"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sock'");
    }

    @Test
    void aCreateShareOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> Settings.from(env(Map.of("BENCH_SOAK_CREATE_SHARE", "25"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BENCH_SOAK_CREATE_SHARE");
    }

    private static Map<String, String> env(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("BENCH_PG_PASSWORD", "not-a-secret");
        env.put("BENCH_OUT", "/tmp/bench-settings-test");
        return env;
    }
}
