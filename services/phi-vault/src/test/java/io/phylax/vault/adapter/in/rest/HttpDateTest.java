package io.phylax.vault.adapter.in.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class HttpDateTest {

    @Test
    void writesImfFixdateInGmtWithTwoDigitDaysAndWholeSeconds() {
        assertThat(HttpDate.format(Instant.parse("2026-12-07T08:49:37.987654Z")))
                .isEqualTo("Mon, 07 Dec 2026 08:49:37 GMT");
    }

    @Test
    void keepsTheUtcDayAtItsLastSecond() {
        assertThat(HttpDate.format(Instant.parse("1994-11-06T23:59:59Z"))).isEqualTo("Sun, 06 Nov 1994 23:59:59 GMT");
    }
}
