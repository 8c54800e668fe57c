package io.phylax.reporting.repository;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.phylax.contract.ReferenceEventType;
import io.phylax.reporting.domain.ActivityCount;
import io.phylax.reporting.domain.ActivityKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The counts in reporting's own database, over the reactive PostgreSQL client with plain SQL. */
@ApplicationScoped
public class ActivityRepository {

    /**
     * The event id and the increment in one statement, so one round trip and one implicit transaction: the count
     * changes only when the event id was new.
     */
    private static final String COUNT_ONCE = """
            WITH marked AS (
                INSERT INTO processed_event (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING RETURNING event_id)
            INSERT INTO activity_count (tenant, day, event_type, record_type, count)
            SELECT $2::text, $3::date, $4::text, $5::text, 1 FROM marked
            ON CONFLICT (tenant, day, event_type, record_type) DO UPDATE SET count = activity_count.count + 1""";

    private static final String FIND = """
            SELECT day, event_type, record_type, count FROM activity_count
            WHERE tenant = $1 AND day BETWEEN $2 AND $3""";

    private final Pool pool;

    public ActivityRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Adds one to the key's count unless the event was counted before. The event id and the increment
     * commit together, so a redelivered event changes nothing and a failed one leaves no trace.
     *
     * @return whether the event was counted now (false: it had been counted before)
     */
    public Uni<Boolean> countOnce(UUID eventId, ActivityKey key) {
        Tuple values = Tuple.tuple()
                .addUUID(eventId)
                .addString(key.tenant())
                .addLocalDate(key.day())
                .addString(key.eventType().name())
                .addString(key.recordType());
        return pool.preparedQuery(COUNT_ONCE).execute(values).map(counted -> counted.rowCount() == 1);
    }

    /** The tenant's counts on the days from {@code from} to {@code to}, both included. */
    public Uni<List<ActivityCount>> find(String tenant, LocalDate from, LocalDate to) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenant, from, to)).map(rows -> {
            List<ActivityCount> counts = new ArrayList<>();
            for (Row row : rows) {
                counts.add(new ActivityCount(
                        row.getLocalDate("day"),
                        ReferenceEventType.valueOf(row.getString("event_type")),
                        row.getString("record_type"),
                        row.getLong("count")));
            }
            return counts;
        });
    }
}
