package io.phylax.notification.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEvents;
import io.phylax.notification.domain.ChannelKind;
import io.phylax.notification.domain.Contact;
import io.phylax.notification.domain.DeliveryFailure;
import io.phylax.notification.domain.DeliveryStatus;
import io.phylax.notification.domain.ErrorKind;
import io.phylax.notification.domain.Notice;
import io.phylax.notification.domain.RetryPolicy;

class DeliveryServiceTest {

    private static final String ADDRESS = "CANARY-PHI-5e1d@example.org";
    private static final DeliverySettings SETTINGS = new DeliverySettings(
            new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(5)),
            Duration.ofMinutes(1),
            Duration.ofSeconds(2),
            "notification.test");

    private Instant now = Instant.parse("2026-11-26T08:00:00Z");
    private final List<Duration> pauses = new ArrayList<>();
    private final InMemoryDeliveryStore store = new InMemoryDeliveryStore(() -> now);
    private final ScriptedVault vault = new ScriptedVault();
    private final RecordingRelay relay = new RecordingRelay();
    private final List<DeliveryOutcome> outcomes = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DeliveryService service = new DeliveryService(
            store,
            vault,
            relay,
            outcomes::add,
            SETTINGS,
            duration -> {
                pauses.add(duration);
                now = now.plus(duration);
            },
            meters);

    @Test
    void newMessageIsSentOnceWithAMessageIdFromTheEventId() throws Exception {
        ReferenceEvent event = communication();

        assertThat(service.handle(event)).isEqualTo(DeliveryStatus.SENT);

        assertThat(relay.sent).singleElement().satisfies(mail -> {
            assertThat(mail.address()).isEqualTo(ADDRESS);
            assertThat(mail.notice()).isEqualTo(Notice.NEW_MESSAGE);
            assertThat(mail.messageId()).isEqualTo("<" + event.eventId() + "@notification.test>");
        });
        assertThat(store.row(event.eventId()).status).isEqualTo(DeliveryStatus.SENT);
        assertThat(store.row(event.eventId()).channel).isEqualTo(ChannelKind.EMAIL);
        assertThat(store.row(event.eventId()).attempts).isEqualTo(1);
        assertThat(outcomes)
                .containsExactly(new DeliveryOutcome(event.eventId(), DeliveryStatus.SENT, ChannelKind.EMAIL, 1, null));
    }

    @Test
    void redeliveredEventSendsNothingMore() throws Exception {
        ReferenceEvent event = communication();
        service.handle(event);

        assertThat(service.handle(event)).isEqualTo(DeliveryStatus.SENT);
        assertThat(service.handle(event)).isEqualTo(DeliveryStatus.SENT);

        assertThat(relay.sent).hasSize(1);
        assertThat(vault.lookups).isEqualTo(1);
        assertThat(outcomes).hasSize(1);
    }

    @Test
    void relayOutageDelaysTheNoticeWithGrowingPauses() throws Exception {
        ReferenceEvent event = communication();
        relay.failNext(ErrorKind.SMTP_UNAVAILABLE, ErrorKind.SMTP_UNAVAILABLE, ErrorKind.SMTP_TRANSIENT_REJECTION);

        assertThat(service.handle(event)).isEqualTo(DeliveryStatus.SENT);

        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(relay.sent).hasSize(1);
        assertThat(relay.messageIdsTried).hasSize(4).containsOnly(service.messageId(event.eventId()));
        assertThat(store.row(event.eventId()).attempts).isEqualTo(4);
        assertThat(store.row(event.eventId()).lastError).isEqualTo(ErrorKind.SMTP_TRANSIENT_REJECTION);
    }

    @Test
    void exhaustedBudgetFailsDeadLettersAndCounts() {
        ReferenceEvent event = communication();
        relay.failNext(
                ErrorKind.SMTP_UNAVAILABLE,
                ErrorKind.SMTP_UNAVAILABLE,
                ErrorKind.SMTP_UNAVAILABLE,
                ErrorKind.SMTP_UNAVAILABLE,
                ErrorKind.SMTP_UNAVAILABLE);

        assertThatThrownBy(() -> service.handle(event))
                .isInstanceOf(DeadLetterException.class)
                .hasMessage("notification failed after 4 attempt(s): SMTP_UNAVAILABLE")
                .hasNoCause();

        assertThat(relay.messageIdsTried).hasSize(4);
        assertThat(relay.sent).isEmpty();
        assertThat(store.row(event.eventId()).status).isEqualTo(DeliveryStatus.FAILED);
        assertThat(store.row(event.eventId()).lastError).isEqualTo(ErrorKind.SMTP_UNAVAILABLE);
        assertThat(meters.counter("phylax.notification.dead.letters", "reason", "SMTP_UNAVAILABLE")
                        .count())
                .isEqualTo(1.0);
        assertThat(outcomes).extracting(DeliveryOutcome::status).containsExactly(DeliveryStatus.FAILED);
    }

    @Test
    void permanentRejectionIsNotRetried() {
        ReferenceEvent event = communication();
        relay.failNext(ErrorKind.SMTP_PERMANENT_REJECTION);

        assertThatThrownBy(() -> service.handle(event)).isInstanceOf(DeadLetterException.class);

        assertThat(relay.messageIdsTried).hasSize(1);
        assertThat(pauses).isEmpty();
        assertThat(store.row(event.eventId()).status).isEqualTo(DeliveryStatus.FAILED);
    }

    @Test
    void unknownSubjectFailsWithoutRetrying() {
        ReferenceEvent event = communication();
        vault.failNext(ErrorKind.SUBJECT_NOT_FOUND);

        assertThatThrownBy(() -> service.handle(event))
                .isInstanceOf(DeadLetterException.class)
                .hasMessageContaining("SUBJECT_NOT_FOUND");

        assertThat(vault.lookups).isEqualTo(1);
        assertThat(relay.messageIdsTried).isEmpty();
    }

    @Test
    void vaultOutageIsRetriedLikeARelayOutage() throws Exception {
        ReferenceEvent event = appointment();
        vault.failNext(ErrorKind.VAULT_UNAVAILABLE, ErrorKind.TOKEN_UNAVAILABLE);

        assertThat(service.handle(event)).isEqualTo(DeliveryStatus.SENT);

        assertThat(vault.lookups).isEqualTo(3);
        assertThat(relay.sent).singleElement().extracting(Sent::notice).isEqualTo(Notice.APPOINTMENT_CHANGED);
    }

    @Test
    void redeliveredFailureIsDeadLetteredAgainWithoutAnotherAttempt() {
        ReferenceEvent event = communication();
        relay.failNext(ErrorKind.SMTP_PERMANENT_REJECTION);
        assertThatThrownBy(() -> service.handle(event)).isInstanceOf(DeadLetterException.class);

        assertThatThrownBy(() -> service.handle(event))
                .isInstanceOf(DeadLetterException.class)
                .hasMessageContaining("SMTP_PERMANENT_REJECTION");

        assertThat(relay.messageIdsTried).hasSize(1);
        assertThat(meters.counter("phylax.notification.dead.letters", "reason", "SMTP_PERMANENT_REJECTION")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void patientWithoutChannelGetsNothing() throws Exception {
        ReferenceEvent event = communication();
        vault.answer(Contact.none());

        assertThat(service.handle(event)).isEqualTo(DeliveryStatus.SKIPPED_NO_CHANNEL);

        assertThat(relay.messageIdsTried).isEmpty();
        assertThat(store.row(event.eventId()).channel).isEqualTo(ChannelKind.NONE);
        assertThat(outcomes).extracting(DeliveryOutcome::status).containsExactly(DeliveryStatus.SKIPPED_NO_CHANNEL);
    }

    @Test
    void eventThatWarrantsNothingLeavesNoRecordAndAsksNothingOfTheVault() throws Exception {
        ReferenceEvent event = ReferenceEvents.aRecordAdded()
                .withEventId(UUID.randomUUID())
                .withRecordType("Observation")
                .build();

        assertThat(service.handle(event)).isEqualTo(DeliveryStatus.IGNORED);

        assertThat(vault.lookups).isZero();
        assertThat(relay.messageIdsTried).isEmpty();
        assertThat(store.row(event.eventId())).isNull();
        assertThat(outcomes).isEmpty();
    }

    @Test
    void deliveryHeldByAnotherConsumerIsLeftToIt() throws Exception {
        ReferenceEvent event = communication();
        store.heldByAnother(event.eventId(), now.plusSeconds(30));
        // The other consumer finishes while this one waits.
        DeliveryService waiting = new DeliveryService(
                store,
                vault,
                relay,
                outcomes::add,
                SETTINGS,
                duration -> {
                    pauses.add(duration);
                    now = now.plus(duration);
                    store.settledByAnother(event.eventId(), DeliveryStatus.SENT);
                },
                meters);

        assertThat(waiting.handle(event)).isEqualTo(DeliveryStatus.SENT);

        assertThat(pauses).containsExactly(SETTINGS.heldPoll());
        assertThat(relay.messageIdsTried).isEmpty();
    }

    @Test
    void lapsedClaimOfADeadConsumerIsTakenOver() throws Exception {
        ReferenceEvent event = communication();
        store.heldByAnother(event.eventId(), now.plusSeconds(3));

        assertThat(service.handle(event)).isEqualTo(DeliveryStatus.SENT);

        assertThat(pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(1));
        assertThat(relay.sent).hasSize(1);
    }

    @Test
    void databaseOutageHoldsTheEventUntilTheDatabaseIsBack() throws Exception {
        ReferenceEvent event = communication();
        store.failNext(3);

        assertThat(service.handle(event)).isEqualTo(DeliveryStatus.SENT);

        assertThat(pauses).hasSize(3);
        assertThat(relay.sent).hasSize(1);
    }

    @Test
    void unexpectedFaultInAnAdapterFailsTheDeliveryWithoutItsMessage() {
        ReferenceEvent event = communication();
        vault.explode(new IllegalStateException("leaked " + ADDRESS));

        assertThatThrownBy(() -> service.handle(event))
                .isInstanceOf(DeadLetterException.class)
                .hasMessageContaining("INTERNAL")
                .hasMessageNotContaining("CANARY");
    }

    private static ReferenceEvent communication() {
        return ReferenceEvents.aRecordAdded()
                .withEventId(UUID.randomUUID())
                .withRecordType("Communication")
                .build();
    }

    private static ReferenceEvent appointment() {
        return ReferenceEvents.aRecordAmended()
                .withEventId(UUID.randomUUID())
                .withRecordType("Appointment")
                .build();
    }

    /** A vault that answers with an e-mail unless told to fail or to answer otherwise. */
    private static final class ScriptedVault implements ContactDirectory {
        private final Deque<ErrorKind> failures = new ArrayDeque<>();
        private Contact answer = new Contact(ChannelKind.EMAIL, ADDRESS);
        private RuntimeException explosion;
        int lookups;

        void failNext(ErrorKind... kinds) {
            failures.addAll(List.of(kinds));
        }

        void answer(Contact contact) {
            answer = contact;
        }

        void explode(RuntimeException e) {
            explosion = e;
        }

        @Override
        public Contact contactOf(ReferenceEvent event) {
            lookups++;
            if (explosion != null) {
                throw explosion;
            }
            if (!failures.isEmpty()) {
                throw new DeliveryFailure(failures.poll());
            }
            return answer;
        }
    }

    record Sent(String address, Notice notice, String messageId) {}

    /** A relay that accepts unless told to fail. */
    private static final class RecordingRelay implements MailGateway {
        private final Deque<ErrorKind> failures = new ArrayDeque<>();
        final List<Sent> sent = new ArrayList<>();
        final List<String> messageIdsTried = new ArrayList<>();

        void failNext(ErrorKind... kinds) {
            failures.addAll(List.of(kinds));
        }

        @Override
        public void send(String address, Notice notice, String messageId) {
            messageIdsTried.add(messageId);
            if (!failures.isEmpty()) {
                throw new DeliveryFailure(failures.poll());
            }
            sent.add(new Sent(address, notice, messageId));
        }
    }
}
