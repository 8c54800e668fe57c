package io.phylax.notification.repository;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.phylax.notification.domain.ChannelKind;
import io.phylax.notification.domain.DeliveryStatus;
import io.phylax.notification.domain.ErrorKind;
import io.phylax.notification.service.DeliveryStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The delivery records in PostgreSQL. Each method is one statement, so each change commits atomically on its
 * own; the claim is an upsert, so two consumers racing for the same event cannot both win it.
 */
@ApplicationScoped
public class PgDeliveryStore implements DeliveryStore {

    // Longer than any single statement needs; a hung database must not hold a worker forever.
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(15);

    private static final String CLAIM = """
            INSERT INTO delivery (event_id, status, attempts, claim_token, claimed_until)
            VALUES ($1, 'PENDING', 0, $2, now() + $3 * interval '1 millisecond')
            ON CONFLICT (event_id) DO UPDATE
               SET claim_token = EXCLUDED.claim_token, claimed_until = EXCLUDED.claimed_until, updated_at = now()
             WHERE delivery.status = 'PENDING'
               AND (delivery.claimed_until IS NULL OR delivery.claimed_until <= now())
            RETURNING attempts""";

    private static final String CURRENT = """
            SELECT status, last_error,
                   GREATEST(0, EXTRACT(EPOCH FROM (claimed_until - now())) * 1000)::bigint AS remaining_ms
              FROM delivery WHERE event_id = $1""";

    private static final String START_ATTEMPT = """
            UPDATE delivery
               SET attempts = attempts + 1, claimed_until = now() + $3 * interval '1 millisecond', updated_at = now()
             WHERE event_id = $1 AND claim_token = $2 AND status = 'PENDING'
            RETURNING attempts""";

    private static final String RECORD_FAILURE = """
            UPDATE delivery
               SET last_error = $3, claimed_until = now() + $4 * interval '1 millisecond', updated_at = now()
             WHERE event_id = $1 AND claim_token = $2 AND status = 'PENDING'""";

    // A delivery that succeeded after retries keeps the kind of its last failure, for the record.
    private static final String SETTLE = """
            UPDATE delivery
               SET status = $3, channel = $4, last_error = COALESCE($5, last_error),
                   claim_token = NULL, claimed_until = NULL, updated_at = now()
             WHERE event_id = $1 AND claim_token = $2 AND status = 'PENDING'""";

    private static final String RELEASE = """
            UPDATE delivery SET claim_token = NULL, claimed_until = NULL, updated_at = now()
             WHERE event_id = $1 AND claim_token = $2 AND status = 'PENDING'""";

    private final Pool pool;

    public PgDeliveryStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Claim claim(UUID eventId, Duration lease) {
        UUID token = UUID.randomUUID();
        RowSet<Row> claimed = execute(CLAIM, Tuple.of(eventId, token, lease.toMillis()));
        if (claimed.size() == 1) {
            return new Claim.Claimed(token, claimed.iterator().next().getInteger("attempts"));
        }
        RowSet<Row> current = execute(CURRENT, Tuple.of(eventId));
        if (current.size() == 0) {
            // Cannot happen without DELETE; answer "held" so the caller simply tries to claim again.
            return new Claim.Held(Duration.ZERO);
        }
        Row row = current.iterator().next();
        DeliveryStatus status = DeliveryStatus.valueOf(row.getString("status"));
        if (status.isFinal()) {
            String lastError = row.getString("last_error");
            return new Claim.Settled(status, lastError == null ? null : ErrorKind.valueOf(lastError));
        }
        Long remaining = row.getLong("remaining_ms");
        return new Claim.Held(Duration.ofMillis(remaining == null ? 0 : remaining));
    }

    @Override
    public OptionalInt startAttempt(UUID eventId, UUID claimToken, Duration lease) {
        RowSet<Row> rows = execute(START_ATTEMPT, Tuple.of(eventId, claimToken, lease.toMillis()));
        return rows.size() == 1 ? OptionalInt.of(rows.iterator().next().getInteger("attempts")) : OptionalInt.empty();
    }

    @Override
    public boolean recordFailure(UUID eventId, UUID claimToken, ErrorKind kind, Duration lease) {
        return execute(RECORD_FAILURE, Tuple.of(eventId, claimToken, kind.name(), lease.toMillis()))
                        .rowCount()
                == 1;
    }

    @Override
    public boolean settle(
            UUID eventId, UUID claimToken, DeliveryStatus status, ChannelKind channel, ErrorKind lastError) {
        if (!DeliveryStatus.PENDING.mayBecome(status)) {
            throw new IllegalArgumentException("a pending delivery cannot become " + status);
        }
        Tuple values = Tuple.of(eventId, claimToken, status.name())
                .addString(channel == null ? null : channel.code())
                .addString(lastError == null ? null : lastError.name());
        return execute(SETTLE, values).rowCount() == 1;
    }

    @Override
    public void release(UUID eventId, UUID claimToken) {
        execute(RELEASE, Tuple.of(eventId, claimToken));
    }

    private RowSet<Row> execute(String sql, Tuple values) {
        return await(() -> pool.preparedQuery(sql).execute(values));
    }

    private static <T> T await(Supplier<Uni<T>> statement) {
        try {
            return statement.get().await().atMost(STATEMENT_TIMEOUT);
        } catch (RuntimeException e) {
            throw new StoreUnavailable(e);
        }
    }
}
