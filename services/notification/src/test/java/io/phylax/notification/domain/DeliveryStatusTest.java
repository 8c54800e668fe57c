package io.phylax.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeliveryStatusTest {

    @Test
    void pendingEndsInExactlyOneOfTheOutcomes() {
        EnumSet<DeliveryStatus> next = EnumSet.noneOf(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            if (DeliveryStatus.PENDING.mayBecome(status)) {
                next.add(status);
            }
        }

        assertThat(next)
                .containsExactlyInAnyOrder(
                        DeliveryStatus.SENT, DeliveryStatus.SKIPPED_NO_CHANNEL, DeliveryStatus.FAILED);
    }

    @ParameterizedTest
    @EnumSource(
            value = DeliveryStatus.class,
            names = {"SENT", "SKIPPED_NO_CHANNEL", "FAILED", "IGNORED"})
    void finalStatusesNeverChange(DeliveryStatus status) {
        assertThat(status.isFinal()).isTrue();
        for (DeliveryStatus next : DeliveryStatus.values()) {
            assertThat(status.mayBecome(next)).as(status + " -> " + next).isFalse();
        }
    }

    @Test
    void pendingIsTheOnlyOpenStatus() {
        assertThat(DeliveryStatus.PENDING.isFinal()).isFalse();
        assertThat(DeliveryStatus.PENDING.mayBecome(DeliveryStatus.PENDING)).isFalse();
        assertThat(DeliveryStatus.PENDING.mayBecome(DeliveryStatus.IGNORED)).isFalse();
    }
}
