package io.phylax.reporting.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.phylax.reporting.domain.Suppression;
import io.quarkus.runtime.Startup;

/** Makes the configured suppression rule a bean, built at start so a threshold below the minimum stops the service. */
@ApplicationScoped
public class SuppressionProducer {

    @Produces
    @Singleton
    @Startup
    Suppression suppression(ReportingConfig config) {
        return new Suppression(config.suppressionThreshold());
    }
}
