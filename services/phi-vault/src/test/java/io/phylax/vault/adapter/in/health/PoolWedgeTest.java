package io.phylax.vault.adapter.in.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PoolWedgeTest {

    private static final int MAX = 16;
    private static final long SECOND = 1_000_000_000L;

    private final PoolWedge wedge = new PoolWedge(Duration.ofSeconds(30));

    @Test
    void everyConnectionHeldAndNoneReturnedForThePeriodIsWedged() {
        assertThat(wedge.look(0, MAX, MAX, 100)).isFalse();
        assertThat(wedge.look(10 * SECOND, MAX, MAX, 100)).isFalse();
        assertThat(wedge.look(29 * SECOND, MAX, MAX, 100)).isFalse();
        assertThat(wedge.look(40 * SECOND, MAX, MAX, 100)).isTrue();
    }

    @Test
    void aFullPoolThatKeepsGivingConnectionsBackIsBusyNotWedged() {
        for (int s = 0; s <= 120; s += 10) {
            assertThat(wedge.look(s * SECOND, MAX, MAX, 100 + s)).isFalse();
        }
    }

    @Test
    void aPoolWithAFreeConnectionIsNotWedged() {
        for (int s = 0; s <= 120; s += 10) {
            assertThat(wedge.look(s * SECOND, MAX - 1, MAX, 100)).isFalse();
        }
    }

    @Test
    void progressRestartsThePeriod() {
        wedge.look(0, MAX, MAX, 100);
        wedge.look(20 * SECOND, MAX, MAX, 100);
        assertThat(wedge.look(25 * SECOND, MAX, MAX, 101)).isFalse();
        assertThat(wedge.look(50 * SECOND, MAX, MAX, 101)).isFalse();
        assertThat(wedge.look(56 * SECOND, MAX, MAX, 101)).isTrue();
    }
}
