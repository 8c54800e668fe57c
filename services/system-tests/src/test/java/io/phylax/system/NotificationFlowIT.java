package io.phylax.system;

import static io.phylax.system.SyntheticPhi.canary;
import static io.phylax.system.SyntheticPhi.communication;
import static io.phylax.system.SyntheticPhi.email;
import static io.phylax.system.SyntheticPhi.optedOutPatient;
import static io.phylax.system.SyntheticPhi.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.phylax.contract.EventCodec;
import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEventType;
import io.phylax.contract.Topics;
import io.phylax.testkit.Databases;
import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.Faults;
import io.phylax.testkit.GreenMail;
import io.phylax.testkit.GreenMail.Mail;
import io.phylax.testkit.KafkaClients;
import io.phylax.testkit.LocalStack;
import io.phylax.testkit.SmtpFaults;

/**
 * From a clinician's message to the patient's inbox, across the running vault and notification service: one
 * PHI-free e-mail per event, none for a repeated event or an opted-out patient, and none lost to an SMTP outage.
 * Needs the services running from their packaged jars ({@code deploy/local/bin/stack services}).
 */
class NotificationFlowIT {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final String MESSAGE_ID_DOMAIN = "notification.phylax.local";
    // Longer than the service's SMTP idle timeout (phylax.smtp.idle-timeout, 30 s by default), so the first
    // attempt's connection is given up while the relay is down and a later attempt has to deliver.
    private static final Duration LONG_OUTAGE = Duration.ofSeconds(40);
    private static final String NEW_MESSAGE_TEXT = "You have a new message from your care team. Sign in to read it.";

    private final ClinicApi clinician = ClinicApi.as(DemoRealm.CLINIC_A, "clinician");
    private final Instant started = Instant.now().minusSeconds(10);

    @BeforeAll
    static void servicesAreRunning() {
        for (String service : List.of("PHYLAX_VAULT_URL", "PHYLAX_NOTIFICATION_URL")) {
            String url = LocalStack.get().env(service) + "/q/health/ready";
            int status;
            try {
                status = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()
                        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            assertThat(status)
                    .as("%s is not ready; start the services with deploy/local/bin/stack services", url)
                    .isEqualTo(200);
        }
    }

    @Test
    void newMessageSendsOnePhiFreeEmail() {
        String canary = canary();
        UUID patient = clinician.register(patient(canary));

        ConsumerRecord<String, String> published = eventOf(clinician.addRecord(patient, communication(canary)));
        UUID eventId = decode(published).eventId();

        Mail mail = theOnlyMailTo(email(canary));
        assertThat(mail.messageId()).isEqualTo("<" + eventId + "@" + MESSAGE_ID_DOMAIN + ">");
        assertThat(mail.subject()).doesNotContain(canary).isEqualTo("New message from your care team");
        assertThat(mail.body()).contains(NEW_MESSAGE_TEXT).doesNotContain(canary, "Tuesday");
        // The address is in the envelope and the To header, nowhere else.
        assertThat(mail.headers().lines().filter(line -> line.contains(canary)))
                .singleElement()
                .asString()
                .startsWith("To:");
        assertThat(settledDelivery(eventId)).containsEntry("status", "SENT").containsEntry("channel", "email");
        assertThat(outcomeOf(eventId))
                .contains("\"status\":\"SENT\"", "\"channel\":\"email\"")
                .doesNotContain(canary);
    }

    @Test
    void republishedEventSendsNothingMore() throws Exception {
        String canary = canary();
        UUID patient = clinician.register(patient(canary));
        ConsumerRecord<String, String> published = eventOf(clinician.addRecord(patient, communication(canary)));
        UUID eventId = decode(published).eventId();
        theOnlyMailTo(email(canary));
        Map<String, Object> settled = settledDelivery(eventId);
        assertThat(settled).containsEntry("status", "SENT");

        RecordMetadata again;
        try (KafkaProducer<String, String> vault = KafkaClients.producer("phi-vault")) {
            again = vault.send(new ProducerRecord<>(Topics.PHI_EVENTS, published.key(), published.value()))
                    .get(20, TimeUnit.SECONDS);
        }

        awaitConsumedByNotification(new TopicPartition(again.topic(), again.partition()), again.offset());
        assertThat(GreenMail.messagesTo(email(canary))).hasSize(1);
        assertThat(deliveryOf(eventId)).isEqualTo(settled);
    }

    @Test
    void smtpOutageDelaysButDoesNotLoseTheNotice() throws Exception {
        String canary = canary();
        UUID patient = clinician.register(patient(canary));
        UUID eventId;

        try (Faults.Fault outage = SmtpFaults.freezeSmtp()) {
            eventId = decode(eventOf(clinician.addRecord(patient, communication(canary))))
                    .eventId();
            // The service is trying, and cannot get through while the relay is down.
            Eventually.within(
                    PATIENCE,
                    "an attempt on the delivery",
                    () -> Optional.of(deliveryOf(eventId)).filter(d -> ((Integer) d.get("attempts")) >= 1));
            Thread.sleep(3_000); // the outage lasts a while after the first attempt
            assertThat(deliveryOf(eventId)).containsEntry("status", "PENDING");
        }

        Mail mail = theOnlyMailTo(email(canary));
        assertThat(mail.messageId()).isEqualTo("<" + eventId + "@" + MESSAGE_ID_DOMAIN + ">");
        assertThat(settledDelivery(eventId)).containsEntry("status", "SENT");
    }

    @Test
    void relayHungLongerThanOneAttemptIsRetriedWithoutADuplicate() throws Exception {
        String canary = canary();
        UUID patient = clinician.register(patient(canary));
        UUID eventId;

        Instant outageStart = Instant.now();
        try (Faults.Fault outage = SmtpFaults.freezeSmtp()) {
            eventId = decode(eventOf(clinician.addRecord(patient, communication(canary))))
                    .eventId();
            Eventually.within(
                    PATIENCE,
                    "an attempt on the delivery",
                    () -> Optional.of(deliveryOf(eventId)).filter(d -> ((Integer) d.get("attempts")) >= 1));
            Thread.sleep(Duration.between(Instant.now(), outageStart.plus(LONG_OUTAGE))
                    .toMillis());
        }

        Map<String, Object> delivery = settledDelivery(eventId);
        assertThat(delivery).containsEntry("status", "SENT");
        // The hung first attempt was given up, and its connection with it: a later attempt delivered, once.
        assertThat((Integer) delivery.get("attempts")).isGreaterThanOrEqualTo(2);
        assertThat(GreenMail.messagesTo(email(canary)))
                .singleElement()
                .extracting(Mail::messageId)
                .isEqualTo("<" + eventId + "@" + MESSAGE_ID_DOMAIN + ">");
    }

    @Test
    void optedOutPatientGetsNothing() {
        String canary = canary();
        UUID patient = clinician.register(optedOutPatient(canary));

        UUID eventId = decode(eventOf(clinician.addRecord(patient, communication(canary))))
                .eventId();

        assertThat(settledDelivery(eventId))
                .containsEntry("status", "SKIPPED_NO_CHANNEL")
                .containsEntry("channel", "none");
        assertThat(GreenMail.messagesTo(email(canary))).isEmpty();
    }

    /** The single mail to {@code address}, waiting for it to arrive and then checking that no second one came. */
    private static Mail theOnlyMailTo(String address) {
        List<Mail> mails = Eventually.within(
                PATIENCE,
                "a mail to the patient",
                () -> Optional.of(GreenMail.messagesTo(address)).filter(list -> !list.isEmpty()));
        assertThat(mails).hasSize(1);
        return mails.getFirst();
    }

    /** The {@code RecordAdded} event the vault published for {@code recordId}. */
    private ConsumerRecord<String, String> eventOf(UUID recordId) {
        try (KafkaConsumer<String, String> consumer =
                KafkaClients.consumer("kafka-admin", "notification-flow-it-" + UUID.randomUUID())) {
            seekToTime(consumer, Topics.PHI_EVENTS, started);
            return Eventually.within(PATIENCE, "the vault's event for record " + recordId, () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Optional<ReferenceEvent> event = tryDecode(record);
                    if (event.isPresent()
                            && recordId.equals(event.get().streamId())
                            && event.get().eventType() == ReferenceEventType.RecordAdded) {
                        return Optional.of(record);
                    }
                }
                return Optional.empty();
            });
        }
    }

    /** The outcome the notification service published for {@code eventId}. */
    private String outcomeOf(UUID eventId) {
        try (KafkaConsumer<String, String> consumer =
                KafkaClients.consumer("kafka-admin", "notification-flow-it-" + UUID.randomUUID())) {
            seekToTime(consumer, Topics.NOTIFICATION_OUTCOMES, started);
            return Eventually.within(PATIENCE, "the outcome of event " + eventId, () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (eventId.toString().equals(record.key())) {
                        return Optional.of(record.value());
                    }
                }
                return Optional.empty();
            });
        }
    }

    /** Waits until the notification group has committed past {@code offset}: the record was handled. */
    private static void awaitConsumedByNotification(TopicPartition partition, long offset) {
        try (Admin admin = KafkaClients.admin("kafka-admin")) {
            Eventually.within(PATIENCE, "notification to consume offset " + offset + " of " + partition, () -> {
                try {
                    OffsetAndMetadata committed = admin.listConsumerGroupOffsets("notification")
                            .partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS)
                            .get(partition);
                    return Optional.ofNullable(committed).filter(c -> c.offset() > offset);
                } catch (Exception e) {
                    return Optional.empty();
                }
            });
        }
    }

    private static void seekToTime(KafkaConsumer<String, String> consumer, String topic, Instant since) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        // The ends first, and fixed now: a partition with nothing since then is read from this end, so a record
        // appended meanwhile (the vault's relay publishes after the API answered) is still read. seekToEnd would
        // be resolved later and could skip it.
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            consumer.seek(partition, offset == null ? ends.get(partition) : offset.offset());
        }
    }

    private static ReferenceEvent decode(ConsumerRecord<String, String> record) {
        return EventCodec.decodeReference(record.value().getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<ReferenceEvent> tryDecode(ConsumerRecord<String, String> record) {
        try {
            return Optional.of(decode(record));
        } catch (RuntimeException e) {
            return Optional.empty(); // other tests put probes and poison on the topic
        }
    }

    /** The delivery record once it has a final status. */
    private static Map<String, Object> settledDelivery(UUID eventId) {
        return Eventually.within(
                PATIENCE,
                "the delivery of event " + eventId + " to settle",
                () -> Optional.of(deliveryOf(eventId))
                        .filter(d -> !List.of("NONE", "PENDING").contains(d.get("status"))));
    }

    /** The delivery record, read as the notification service's own role (it holds ids and codes only). */
    private static Map<String, Object> deliveryOf(UUID eventId) {
        try (Connection db = Databases.connect("notification");
                PreparedStatement query = db.prepareStatement(
                        "SELECT status, channel, attempts, last_error, updated_at FROM delivery WHERE event_id = ?")) {
            query.setObject(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                Map<String, Object> delivery = new HashMap<>();
                if (row.next()) {
                    delivery.put("status", row.getString("status"));
                    delivery.put("channel", row.getString("channel"));
                    delivery.put("attempts", row.getInt("attempts"));
                    delivery.put("last_error", row.getString("last_error"));
                    delivery.put("updated_at", row.getTimestamp("updated_at").toInstant());
                } else {
                    delivery.put("status", "NONE");
                    delivery.put("attempts", 0);
                }
                return delivery;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the notification service's delivery table", e);
        }
    }
}
