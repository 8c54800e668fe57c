package io.phylax.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    /** The SHA1 seed of RFC 6238, appendix B. */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T={0}")
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void matchesTheRfc6238Sha1TestVectors(long unixSeconds, String expected) {
        long window = Totp.windowAt(unixSeconds * 1000);

        assertThat(Totp.code(RFC_SEED, window, 8)).isEqualTo(expected);
        // Six digits are the same truncation modulo 10^6: the last six of the eight.
        assertThat(Totp.code(RFC_SEED, window, Totp.DIGITS)).isEqualTo(expected.substring(2));
    }

    @Test
    void aWindowAlreadyUsedIsNeverHandedOutAgainButWaitedFor(@TempDir Path state) throws Exception {
        Files.createDirectories(state.resolve("secrets/otp"));
        Files.writeString(state.resolve("secrets/otp/clinic-a-auditor"), "demo-secret-0123456789\n");
        byte[] key = "demo-secret-0123456789".getBytes(StandardCharsets.UTF_8);
        AtomicLong clock = new AtomicLong(1_700_000_025_000L);
        AtomicLong slept = new AtomicLong();
        Totp.Sleeper sleeper = millis -> {
            slept.addAndGet(millis);
            clock.addAndGet(millis);
        };
        long first = Totp.windowAt(clock.get());

        String a = Totp.nextCode(state, "clinic-a-auditor", clock::get, sleeper);
        String b = Totp.nextCode(state, "clinic-a-auditor", clock::get, sleeper);

        assertThat(a).isEqualTo(Totp.code(key, first, Totp.DIGITS));
        assertThat(b)
                .as("the same window twice would be refused by Keycloak")
                .isEqualTo(Totp.code(key, first + 1, Totp.DIGITS));
        assertThat(slept.get()).isPositive().isLessThanOrEqualTo(Totp.PERIOD_SECONDS * 1000L);
        assertThat(Files.readString(state.resolve("otp/clinic-a-auditor.last-window")))
                .isEqualTo(Long.toString(first + 1));
    }
}
