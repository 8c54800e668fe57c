package io.phylax.notification.service;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.phylax.contract.ReferenceEvent;
import io.phylax.notification.domain.ChannelKind;
import io.phylax.notification.domain.Contact;
import io.phylax.notification.domain.DeliveryFailure;
import io.phylax.notification.domain.DeliveryStatus;
import io.phylax.notification.domain.ErrorKind;
import io.phylax.notification.domain.Notice;
import io.phylax.notification.service.DeliveryStore.Claim;
import io.phylax.notification.service.DeliveryStore.StoreUnavailable;

/**
 * Turns one reference event into at most one notice: decides whether it warrants one, claims its delivery
 * record, asks the vault for the channel, sends the fixed template and settles the record, retrying transient
 * failures with backoff. See ADR 0040 for why this sends each notice once, and where it cannot promise to.
 */
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class);
    private static final Duration MIN_HELD_POLL = Duration.ofMillis(50);

    private final DeliveryStore store;
    private final ContactDirectory contacts;
    private final MailGateway mail;
    private final OutcomeSink outcomes;
    private final DeliverySettings settings;
    private final Pause pause;
    private final MeterRegistry meters;

    public DeliveryService(
            DeliveryStore store,
            ContactDirectory contacts,
            MailGateway mail,
            OutcomeSink outcomes,
            DeliverySettings settings,
            Pause pause,
            MeterRegistry meters) {
        this.store = store;
        this.contacts = contacts;
        this.mail = mail;
        this.outcomes = outcomes;
        this.settings = settings;
        this.pause = pause;
        this.meters = meters;
    }

    /**
     * Handles one event and returns the status its delivery ended in; {@link DeliveryStatus#PENDING} means
     * another consumer took the delivery over and will finish it.
     *
     * @throws DeadLetterException  when the event must go to the dead-letter topic
     * @throws InterruptedException when the service is stopping; the delivery is left for redelivery
     */
    public DeliveryStatus handle(ReferenceEvent event) throws InterruptedException {
        UUID eventId = event.eventId();
        Optional<Notice> notice = Notice.forEvent(event);
        if (notice.isEmpty()) {
            // Nothing to send, so nothing to remember (ADR 0095): a redelivery of it does nothing again.
            return DeliveryStatus.IGNORED;
        }
        Claim.Claimed claimed = null;
        while (claimed == null) {
            Claim claim = stored(() -> store.claim(eventId, settings.lease()));
            switch (claim) {
                case Claim.Claimed mine -> claimed = mine;
                case Claim.Settled settled -> {
                    return alreadySettled(eventId, settled);
                }
                case Claim.Held held -> pause.pause(heldPoll(held.remaining()));
            }
        }
        try {
            return deliver(event, notice.get(), claimed.token());
        } catch (InterruptedException e) {
            releaseQuietly(eventId, claimed.token());
            throw e;
        }
    }

    /** The Message-ID of the notice for {@code eventId}: the same on every attempt, by any replica. */
    public String messageId(UUID eventId) {
        return "<" + eventId + "@" + settings.messageIdDomain() + ">";
    }

    private DeliveryStatus deliver(ReferenceEvent event, Notice notice, UUID token) throws InterruptedException {
        UUID eventId = event.eventId();
        while (true) {
            OptionalInt started = stored(() -> store.startAttempt(eventId, token, settings.lease()));
            if (started.isEmpty()) {
                return lostClaim(eventId);
            }
            int attempt = started.getAsInt();
            ChannelKind channel = null;
            try {
                Contact contact = lookUp(event);
                channel = contact.kind();
                if (channel != ChannelKind.EMAIL) {
                    return settle(eventId, token, DeliveryStatus.SKIPPED_NO_CHANNEL, channel, null, attempt);
                }
                send(contact.address(), notice, messageId(eventId));
                return settle(eventId, token, DeliveryStatus.SENT, channel, null, attempt);
            } catch (DeliveryFailure failure) {
                ErrorKind kind = failure.kind();
                meters.counter("phylax.notification.attempt.failures", "kind", kind.name())
                        .increment();
                if (!kind.isTransient() || !settings.retry().allowsAttemptAfter(attempt)) {
                    return fail(eventId, token, channel, kind, attempt);
                }
                LOG.infof("event %s: attempt %d failed (%s), trying again", eventId, attempt, kind);
                if (!stored(() -> store.recordFailure(eventId, token, kind, settings.lease()))) {
                    return lostClaim(eventId);
                }
                // Renewed the lease above, so it outlasts this pause (DeliverySettings checks lease > max backoff).
                pause.pause(settings.retry().backoffAfter(attempt));
            }
        }
    }

    private Contact lookUp(ReferenceEvent event) {
        try {
            return contacts.contactOf(event);
        } catch (DeliveryFailure failure) {
            throw failure;
        } catch (RuntimeException unexpected) {
            // Only the class: the message of an unexpected exception is not known to be free of PHI.
            LOG.errorf(
                    "contact lookup failed unexpectedly: %s",
                    unexpected.getClass().getName());
            throw new DeliveryFailure(ErrorKind.INTERNAL);
        }
    }

    private void send(String address, Notice notice, String messageId) {
        try {
            mail.send(address, notice, messageId);
        } catch (DeliveryFailure failure) {
            throw failure;
        } catch (RuntimeException unexpected) {
            LOG.errorf("sending failed unexpectedly: %s", unexpected.getClass().getName());
            throw new DeliveryFailure(ErrorKind.INTERNAL);
        }
    }

    private DeliveryStatus settle(
            UUID eventId, UUID token, DeliveryStatus status, ChannelKind channel, ErrorKind error, int attempts)
            throws InterruptedException {
        if (!stored(() -> store.settle(eventId, token, status, channel, error))) {
            return lostClaim(eventId);
        }
        meters.counter("phylax.notification.deliveries", "status", status.name())
                .increment();
        LOG.infof("event %s: %s after %d attempt(s)", eventId, status, attempts);
        outcomes.publish(new DeliveryOutcome(eventId, status, channel, attempts, error));
        return status;
    }

    private DeliveryStatus fail(UUID eventId, UUID token, ChannelKind channel, ErrorKind kind, int attempts)
            throws InterruptedException {
        // Settled before the dead letter is written: if the process dies in between, the redelivered event
        // finds FAILED and writes the dead letter then (alreadySettled), so it is written at least once.
        if (settle(eventId, token, DeliveryStatus.FAILED, channel, kind, attempts) != DeliveryStatus.FAILED) {
            return DeliveryStatus.PENDING;
        }
        meters.counter("phylax.notification.dead.letters", "reason", kind.name())
                .increment();
        throw new DeadLetterException(reason(kind, attempts));
    }

    private DeliveryStatus alreadySettled(UUID eventId, Claim.Settled settled) {
        if (settled.status() == DeliveryStatus.FAILED) {
            LOG.infof("event %s: redelivered after it failed; dead-lettering it again", eventId);
            ErrorKind kind = settled.lastError() == null ? ErrorKind.INTERNAL : settled.lastError();
            throw new DeadLetterException(reason(kind, -1));
        }
        LOG.debugf("event %s: already %s, nothing to do", eventId, settled.status());
        return settled.status();
    }

    private static String reason(ErrorKind kind, int attempts) {
        return attempts < 0
                ? "notification failed: " + kind.name()
                : "notification failed after " + attempts + " attempt(s): " + kind.name();
    }

    private static DeliveryStatus lostClaim(UUID eventId) {
        LOG.warnf("event %s: another consumer took the delivery over; leaving it to them", eventId);
        return DeliveryStatus.PENDING;
    }

    private Duration heldPoll(Duration remaining) {
        Duration wait = remaining.compareTo(settings.heldPoll()) < 0 ? remaining : settings.heldPoll();
        return wait.compareTo(MIN_HELD_POLL) < 0 ? MIN_HELD_POLL : wait;
    }

    private void releaseQuietly(UUID eventId, UUID token) {
        try {
            store.release(eventId, token);
        } catch (RuntimeException e) {
            // The lease runs out by itself; releasing only spares the next consumer the wait.
            LOG.debugf("event %s: could not release the claim on shutdown", eventId);
        }
    }

    /**
     * Runs a store operation until the database answers. Nothing about a delivery can be decided without its
     * record, so a database outage holds the event (unacknowledged) rather than failing or dropping it.
     */
    private <T> T stored(Supplier<T> operation) throws InterruptedException {
        for (int failures = 1; ; failures++) {
            try {
                return operation.get();
            } catch (StoreUnavailable e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                // The delivery database holds ids and codes only, so the driver's message is safe to log.
                LOG.warnf(
                        "delivery store unavailable (%s: %s), trying again",
                        cause.getClass().getSimpleName(), cause.getMessage());
                pause.pause(settings.retry().backoffAfter(failures));
            }
        }
    }
}
