package io.phylax.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final RetryPolicy POLICY = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(10));

    @Test
    void backoffDoublesFromTheInitialPause() {
        assertThat(POLICY.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(POLICY.backoffAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(POLICY.backoffAfter(4)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void backoffIsCappedAtTheLongestPause() {
        assertThat(POLICY.backoffAfter(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(POLICY.backoffAfter(1_000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void attemptsStopAtTheBudget() {
        assertThat(POLICY.allowsAttemptAfter(1)).isTrue();
        assertThat(POLICY.allowsAttemptAfter(5)).isTrue();
        assertThat(POLICY.allowsAttemptAfter(6)).isFalse();
        assertThat(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)).allowsAttemptAfter(1))
                .isFalse();
    }

    @Test
    void totalBackoffAddsEveryPauseBetweenAttempts() {
        // 5 pauses between 6 attempts: 1 + 2 + 4 + 8 + 10
        assertThat(POLICY.totalBackoff()).isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void defaultBudgetOutlastsARelayOutageOfSeveralMinutes() {
        // The defaults of NotificationConfig.Delivery: 10 attempts, 1 s doubling to 60 s.
        RetryPolicy defaults = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(60));

        assertThat(defaults.totalBackoff()).isGreaterThan(Duration.ofMinutes(4));
    }

    @Test
    void refusesPoliciesThatCannotWork() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> POLICY.backoffAfter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
