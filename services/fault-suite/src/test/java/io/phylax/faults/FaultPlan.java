package io.phylax.faults;

import java.time.Duration;

/**
 * How long each fault and its load last: the full form ({@code make faults}) or the short form
 * ({@code -Dphylax.faults.short=true}, for {@code make test}). Every loop in the suite is bounded by these.
 */
final class FaultPlan {

    static final boolean SHORT = Boolean.getBoolean("phylax.faults.short");

    private FaultPlan() {}

    /** How long a part stays down or frozen. */
    static Duration outage() {
        return SHORT ? Duration.ofSeconds(10) : Duration.ofSeconds(30);
    }

    /** How long killed consumers stay down before their restart begins (the restart itself takes a while). */
    static Duration consumerDowntime() {
        return SHORT ? Duration.ZERO : Duration.ofSeconds(30);
    }

    /** Steady load before the fault starts and after it ends. */
    static Duration steadyLoad() {
        return SHORT ? Duration.ofSeconds(4) : Duration.ofSeconds(10);
    }

    /** How long the suite waits for the stack to catch up (outbox drained, consumers caught up, mail settled). */
    static Duration catchUp() {
        return Duration.ofMinutes(2);
    }
}
