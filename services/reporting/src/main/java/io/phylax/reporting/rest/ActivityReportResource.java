package io.phylax.reporting.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.phylax.reporting.domain.ReportQuery;
import io.phylax.reporting.service.ActivityReportService;
import io.phylax.trust.Caller;
import io.phylax.trust.CallerResolver;
import io.smallrye.mutiny.Uni;

/** The activity report of the caller's own tenant, for its tenant admins. */
@Path("/api/v1/reports")
public class ActivityReportResource {

    /** The realm role that may read reports. */
    public static final String TENANT_ADMIN = "tenant-admin";

    private final CallerResolver callers;
    private final ActivityReportService reports;

    public ActivityReportResource(CallerResolver callers, ActivityReportService reports) {
        this.callers = callers;
        this.reports = reports;
    }

    /**
     * Counts of the tenant's reference events per UTC day, event type and/or record type, with small
     * cells suppressed.
     *
     * @param from    first day, {@code YYYY-MM-DD}
     * @param to      last day, {@code YYYY-MM-DD}, at most 365 days after {@code from}
     * @param groupBy {@code day}, {@code eventType}, {@code recordType}, comma-separated; none for the total only
     */
    @GET
    @Path("/activity")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(TENANT_ADMIN)
    public Uni<ActivityReportBody> activity(
            @RestQuery String from, @RestQuery String to, @RestQuery List<String> groupBy) {
        // The tenant comes from the token only; a request cannot name another one.
        Caller caller = callers.require();
        ReportQuery query = ReportQuery.parse(from, to, groupBy);
        return reports.activity(caller.tenant(), query).map(report -> ActivityReportBody.of(caller.tenant(), report));
    }
}
