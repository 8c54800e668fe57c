package io.phylax.reporting.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the reporting service, under {@code phylax.reporting}. */
@ConfigMapping(prefix = "phylax.reporting")
public interface ReportingConfig {

    /**
     * Counts from 1 up to this value minus one are never shown (ADR 0030). At least 3: zero is shown, so with
     * 2 a suppressed cell would be known to be exactly 1.
     */
    @WithDefault("11")
    int suppressionThreshold();

    /** How the consumer retries storing a count while the database fails. */
    Retry retry();

    interface Retry {
        /** The first pause after a failed attempt. */
        @WithDefault("PT1S")
        Duration initialDelay();

        /** The longest pause between attempts; the consumer keeps trying and never drops the event. */
        @WithDefault("PT30S")
        Duration maxDelay();
    }
}
