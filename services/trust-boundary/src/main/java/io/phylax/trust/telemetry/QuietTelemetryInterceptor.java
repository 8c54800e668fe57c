package io.phylax.trust.telemetry;

import java.util.List;

import jakarta.annotation.Priority;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Makes OpenTelemetry export opt-in with one setting: the SDK runs only when an OTLP endpoint is configured
 * (for example {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}), so a service with none stays quiet instead of
 * retrying a collector at localhost:4317. An explicit {@code quarkus.otel.sdk.disabled} always wins.
 */
@Priority(Priorities.APPLICATION)
public class QuietTelemetryInterceptor implements ConfigSourceInterceptor {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final List<String> ENDPOINTS =
            List.of("quarkus.otel.exporter.otlp.endpoint", "quarkus.otel.exporter.otlp.traces.endpoint");

    /** Values from sources at or below this ordinal are built-in defaults, not an operator's choice. */
    private static final int DEFAULTS_ORDINAL = 0;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!SDK_DISABLED.equals(name) || isExplicit(value)) {
            return value;
        }
        boolean endpointConfigured =
                ENDPOINTS.stream().map(context::proceed).anyMatch(QuietTelemetryInterceptor::isExplicit);
        return ConfigValue.builder()
                .withName(name)
                .withValue(Boolean.toString(!endpointConfigured))
                .withConfigSourceName(getClass().getSimpleName())
                .build();
    }

    private static boolean isExplicit(ConfigValue value) {
        return value != null
                && value.getValue() != null
                && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > DEFAULTS_ORDINAL;
    }
}
