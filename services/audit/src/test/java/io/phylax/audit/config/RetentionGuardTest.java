package io.phylax.audit.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Period;

import org.junit.jupiter.api.Test;

/** Retention cannot be configured below six years. */
class RetentionGuardTest {

    @Test
    void sixYearsOrMoreIsAccepted() {
        assertThatCode(() -> RetentionGuard.requireAtLeastMinimum(Period.ofYears(6)))
                .doesNotThrowAnyException();
        assertThatCode(() -> RetentionGuard.requireAtLeastMinimum(Period.ofMonths(120)))
                .doesNotThrowAnyException();
    }

    @Test
    void lessThanSixYearsRefusesToStart() {
        assertThatThrownBy(() -> RetentionGuard.requireAtLeastMinimum(Period.of(5, 11, 30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("phylax.audit.retention");
        assertThatThrownBy(() -> RetentionGuard.requireAtLeastMinimum(Period.ofDays(365)))
                .isInstanceOf(IllegalStateException.class);
    }
}
