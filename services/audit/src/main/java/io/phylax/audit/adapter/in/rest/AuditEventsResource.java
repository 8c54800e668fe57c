package io.phylax.audit.adapter.in.rest;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.phylax.audit.adapter.in.rest.Views.DisclosuresPage;
import io.phylax.audit.adapter.in.rest.Views.EventsPage;
import io.phylax.audit.application.EntryQuery;
import io.phylax.audit.application.service.AuditQueries;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The auditor's view of the log: searches and the accounting of disclosures, within the auditor's tenant. */
@Path("/api/v1/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuditEventsResource {

    private final Auditors auditors;
    private final AuditQueries queries;

    @Inject
    public AuditEventsResource(Auditors auditors, AuditQueries queries) {
        this.auditors = auditors;
        this.queries = queries;
    }

    /** Entries of the auditor's tenant, oldest first, filtered; {@code cursor} is a {@code nextCursor} from before. */
    @GET
    @Path("/events")
    @SuppressWarnings("java:S107") // one parameter per documented query filter
    public Uni<EventsPage> events(
            @QueryParam("subject") String subject,
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("outcome") String outcome,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        String tenant = auditors.tenant();
        Instant since = QueryParams.instant(from, "from");
        Instant until = QueryParams.instant(to, "to");
        QueryParams.range(since, until);
        EntryQuery query = new EntryQuery(
                tenant,
                null,
                QueryParams.uuid(subject, "subject"),
                QueryParams.actor(actor),
                QueryParams.action(action),
                QueryParams.outcome(outcome),
                since,
                until,
                QueryParams.cursor(cursor),
                QueryParams.limit(limit));
        return queries.events(query)
                .map(page -> new EventsPage(
                        page.items().stream().map(Views::entry).toList(), Views.cursor(page.nextCursor())));
    }

    /**
     * The accounting of disclosures of one subject (HIPAA §164.528): every access event naming it, with who, when,
     * what, the outcome and the declared purpose. A subject of another tenant has none, like an unknown one.
     */
    @GET
    @Path("/disclosures/{subjectId}")
    public Uni<DisclosuresPage> disclosures(
            @PathParam("subjectId") String subjectId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        String tenant = auditors.tenant();
        UUID subject = QueryParams.uuid(subjectId, "subjectId");
        Instant since = QueryParams.instant(from, "from");
        Instant until = QueryParams.instant(to, "to");
        QueryParams.range(since, until);
        return queries.disclosures(tenant, subject, since, until, QueryParams.cursor(cursor), QueryParams.limit(limit))
                .map(page -> new DisclosuresPage(
                        subject,
                        page.items().stream().map(Views::disclosure).toList(),
                        Views.cursor(page.nextCursor())));
    }
}
