package io.phylax.notification.service;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;

import io.phylax.notification.domain.ChannelKind;
import io.phylax.notification.domain.DeliveryStatus;
import io.phylax.notification.domain.ErrorKind;

/**
 * The delivery store's contract in memory, with the clock the tests move: claims with tokens and leases, and
 * settles that only the holder of the claim may make. Mirrors the statements of PgDeliveryStore.
 */
final class InMemoryDeliveryStore implements DeliveryStore {

    /** One delivery record as the table holds it. */
    static final class Row {
        DeliveryStatus status;
        ChannelKind channel;
        int attempts;
        ErrorKind lastError;
        UUID claimToken;
        Instant claimedUntil;
    }

    private final Map<UUID, Row> rows = new HashMap<>();
    private final Supplier<Instant> clock;
    private int outagesLeft;

    InMemoryDeliveryStore(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** The next {@code calls} calls fail as if the database were down. */
    void failNext(int calls) {
        outagesLeft = calls;
    }

    Row row(UUID eventId) {
        return rows.get(eventId);
    }

    /** Another consumer holds a claim on {@code eventId} until {@code until}. */
    void heldByAnother(UUID eventId, Instant until) {
        Row row = new Row();
        row.status = DeliveryStatus.PENDING;
        row.claimToken = UUID.randomUUID();
        row.claimedUntil = until;
        rows.put(eventId, row);
    }

    /** The other consumer finished: the record is final. */
    void settledByAnother(UUID eventId, DeliveryStatus status) {
        Row row = rows.get(eventId);
        row.status = status;
        row.claimToken = null;
        row.claimedUntil = null;
    }

    @Override
    public Claim claim(UUID eventId, Duration lease) {
        up();
        Row row = rows.get(eventId);
        if (row == null) {
            row = new Row();
            row.status = DeliveryStatus.PENDING;
            rows.put(eventId, row);
        }
        if (row.status.isFinal()) {
            return new Claim.Settled(row.status, row.lastError);
        }
        Instant now = clock.get();
        if (row.claimedUntil != null && row.claimedUntil.isAfter(now)) {
            return new Claim.Held(Duration.between(now, row.claimedUntil));
        }
        row.claimToken = UUID.randomUUID();
        row.claimedUntil = now.plus(lease);
        return new Claim.Claimed(row.claimToken, row.attempts);
    }

    @Override
    public OptionalInt startAttempt(UUID eventId, UUID claimToken, Duration lease) {
        up();
        Row row = held(eventId, claimToken);
        if (row == null) {
            return OptionalInt.empty();
        }
        row.attempts++;
        row.claimedUntil = clock.get().plus(lease);
        return OptionalInt.of(row.attempts);
    }

    @Override
    public boolean recordFailure(UUID eventId, UUID claimToken, ErrorKind kind, Duration lease) {
        up();
        Row row = held(eventId, claimToken);
        if (row == null) {
            return false;
        }
        row.lastError = kind;
        row.claimedUntil = clock.get().plus(lease);
        return true;
    }

    @Override
    public boolean settle(
            UUID eventId, UUID claimToken, DeliveryStatus status, ChannelKind channel, ErrorKind lastError) {
        up();
        if (!DeliveryStatus.PENDING.mayBecome(status)) {
            throw new IllegalArgumentException("a pending delivery cannot become " + status);
        }
        Row row = held(eventId, claimToken);
        if (row == null) {
            return false;
        }
        row.status = status;
        row.channel = channel;
        row.lastError = lastError == null ? row.lastError : lastError;
        row.claimToken = null;
        row.claimedUntil = null;
        return true;
    }

    @Override
    public void release(UUID eventId, UUID claimToken) {
        up();
        Row row = held(eventId, claimToken);
        if (row != null) {
            row.claimToken = null;
            row.claimedUntil = null;
        }
    }

    private Row held(UUID eventId, UUID token) {
        Row row = rows.get(eventId);
        return row != null && row.status == DeliveryStatus.PENDING && Objects.equals(row.claimToken, token)
                ? row
                : null;
    }

    private void up() {
        if (outagesLeft > 0) {
            outagesLeft--;
            throw new StoreUnavailable(new IllegalStateException("connection refused"));
        }
    }
}
