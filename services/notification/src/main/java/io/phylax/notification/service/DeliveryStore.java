package io.phylax.notification.service;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;

import io.phylax.notification.domain.ChannelKind;
import io.phylax.notification.domain.DeliveryStatus;
import io.phylax.notification.domain.ErrorKind;

/**
 * The delivery records, one per event id. Every change is one atomic statement; changes to a pending
 * delivery name the claim token, so a replica that lost its claim cannot overwrite the one that holds it.
 * Implementations throw {@link StoreUnavailable} when the database cannot be reached.
 */
public interface DeliveryStore {

    /**
     * Claims the delivery of {@code eventId} for {@code lease}: creates a pending record, or takes over a
     * pending one whose previous claim has lapsed. Reports instead that it is settled or held by another claim.
     */
    Claim claim(UUID eventId, Duration lease);

    /** Counts one more attempt and renews the claim; empty if the claim was lost. Returns the attempt number. */
    OptionalInt startAttempt(UUID eventId, UUID claimToken, Duration lease);

    /** Notes the kind of the last failure and renews the claim for the pause that follows; false if lost. */
    boolean recordFailure(UUID eventId, UUID claimToken, ErrorKind kind, Duration lease);

    /** Moves a claimed delivery to a final status and ends the claim; false if the claim was lost. */
    boolean settle(UUID eventId, UUID claimToken, DeliveryStatus status, ChannelKind channel, ErrorKind lastError);

    /** Gives the claim up without settling (shutdown), so that the next consumer need not wait for the lease. */
    void release(UUID eventId, UUID claimToken);

    /** The answer to {@link #claim}. */
    sealed interface Claim {

        /** This caller now holds the delivery; {@code attempts} were made before (by anyone). */
        record Claimed(UUID token, int attempts) implements Claim {}

        /** The delivery already has a final status. */
        record Settled(DeliveryStatus status, ErrorKind lastError) implements Claim {}

        /** Another consumer holds the delivery for {@code remaining} more (measured by the database's clock). */
        record Held(Duration remaining) implements Claim {}
    }

    /** The database could not be reached or refused the statement; the delivery state is unknown. */
    final class StoreUnavailable extends RuntimeException {

        public StoreUnavailable(Throwable cause) {
            // The driver's message names the database, never a contact: there is none in this database.
            super("delivery store unavailable", cause);
        }
    }
}
