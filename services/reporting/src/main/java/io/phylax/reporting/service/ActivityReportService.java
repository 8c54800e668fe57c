package io.phylax.reporting.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.phylax.reporting.domain.ActivityReport;
import io.phylax.reporting.domain.ReportQuery;
import io.phylax.reporting.domain.Suppression;
import io.phylax.reporting.repository.ActivityRepository;
import io.smallrye.mutiny.Uni;

/** Answers activity reports for one tenant: its stored counts, tabulated and suppressed. */
@ApplicationScoped
public class ActivityReportService {

    private final ActivityRepository repository;
    private final Suppression suppression;

    public ActivityReportService(ActivityRepository repository, Suppression suppression) {
        this.repository = repository;
        this.suppression = suppression;
    }

    /** The report for {@code tenant}; the tenant always comes from the caller's token, never from the request. */
    public Uni<ActivityReport> activity(String tenant, ReportQuery query) {
        return repository
                .find(tenant, query.from(), query.to())
                .map(counts -> ActivityReport.of(query, counts, suppression));
    }
}
