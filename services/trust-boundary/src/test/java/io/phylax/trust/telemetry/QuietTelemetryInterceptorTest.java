package io.phylax.trust.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class QuietTelemetryInterceptorTest {

    private static SmallRyeConfig configWith(Map<String, String> operatorSettings) {
        return new SmallRyeConfigBuilder()
                .withInterceptors(new QuietTelemetryInterceptor())
                // What Quarkus ships as defaults: an endpoint at localhost and the SDK on.
                .withSources(new PropertiesConfigSource(
                        Map.of(
                                "quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317",
                                "quarkus.otel.sdk.disabled", "false"),
                        "defaults",
                        Integer.MIN_VALUE))
                .withSources(new PropertiesConfigSource(operatorSettings, "operator", 300))
                .build();
    }

    private static boolean sdkDisabled(SmallRyeConfig config) {
        return config.getValue(QuietTelemetryInterceptor.SDK_DISABLED, Boolean.class);
    }

    @Test
    void sdkStaysOffWhenNoEndpointIsConfigured() {
        assertThat(sdkDisabled(configWith(Map.of()))).isTrue();
    }

    @Test
    void sdkRunsWhenAnOperatorSetsTheEndpoint() {
        assertThat(sdkDisabled(configWith(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4318"))))
                .isFalse();
    }

    @Test
    void sdkRunsWhenOnlyTheTracesEndpointIsSet() {
        assertThat(sdkDisabled(
                        configWith(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4318"))))
                .isFalse();
    }

    @Test
    void blankEndpointCountsAsNone() {
        assertThat(sdkDisabled(configWith(Map.of("quarkus.otel.exporter.otlp.endpoint", " "))))
                .isTrue();
    }

    @Test
    void explicitSettingWins() {
        assertThat(sdkDisabled(configWith(Map.of(
                        "quarkus.otel.exporter.otlp.endpoint", "http://collector:4318",
                        "quarkus.otel.sdk.disabled", "true"))))
                .isTrue();
    }
}
