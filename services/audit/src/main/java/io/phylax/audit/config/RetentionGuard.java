package io.phylax.audit.config;

import java.time.LocalDate;
import java.time.Period;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/** Refuses to start with a retention shorter than six years, so a configuration slip cannot shorten it. */
@ApplicationScoped
public class RetentionGuard {

    private static final Logger LOG = Logger.getLogger(RetentionGuard.class);

    private final AuditConfig config;

    @Inject
    public RetentionGuard(AuditConfig config) {
        this.config = config;
    }

    void check(@Observes StartupEvent event) {
        requireAtLeastMinimum(config.retention());
        LOG.infof("audit entries are kept at least %s; this service has no path that deletes them", config.retention());
    }

    static void requireAtLeastMinimum(Period retention) {
        // Periods do not compare directly (a month has no fixed length): compare where they land from a fixed day.
        LocalDate from = LocalDate.of(2000, 1, 1);
        if (from.plus(retention).isBefore(from.plus(AuditConfig.MINIMUM_RETENTION))) {
            throw new IllegalStateException("phylax.audit.retention must be at least " + AuditConfig.MINIMUM_RETENTION);
        }
    }
}
