package io.phylax.notification.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import io.phylax.contract.EventCodec;
import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEvents;
import io.phylax.contract.Topics;
import io.phylax.notification.DeliveryRecords;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.GreenMail;
import io.phylax.testkit.KafkaClients;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The consumer of {@code phi.events.v1} against the real broker and database, with nothing of the vault:
 * untrusted bytes end on the dead-letter topic with their reason, events that warrant no notice are recorded
 * and send nothing, and the notification principal cannot write the vault's topic.
 */
@QuarkusTest
class ReferenceEventConsumerIT {

    // The consumer may first have to work through what other tests left on the topic.
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    void poisonMessageLandsOnTheDeadLetterTopicWithItsReason() throws Exception {
        String canary = "CANARY-PHI-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "poison-" + UUID.randomUUID();
        // Valid JSON, but with a field outside the contract that carries PHI.
        String poison = new String(EventCodec.encode(validObservation()), StandardCharsets.UTF_8)
                .replace("{\"eventId\"", "{\"email\":\"" + canary + "@example.org\",\"eventId\"");

        try (KafkaProducer<String, String> producer = KafkaClients.producer("phi-vault")) {
            producer.send(new ProducerRecord<>(Topics.PHI_EVENTS, key, poison)).get(20, TimeUnit.SECONDS);
        }

        ConsumerRecord<String, String> deadLetter = readDeadLetter(key);
        assertThat(deadLetter.value()).isEqualTo(poison);
        assertThat(header(deadLetter, "dead-letter-reason"))
                .isEqualTo("event: has a field outside the contract allow-list")
                .doesNotContain(canary);
        assertThat(header(deadLetter, "dead-letter-topic")).isEqualTo(Topics.PHI_EVENTS);
    }

    @Test
    void bytesThatAreNotJsonAreDeadLetteredToo() throws Exception {
        String key = "poison-" + UUID.randomUUID();

        try (KafkaProducer<String, String> producer = KafkaClients.producer("phi-vault")) {
            producer.send(new ProducerRecord<>(Topics.PHI_EVENTS, key, "\u0000not an event"))
                    .get(20, TimeUnit.SECONDS);
        }

        assertThat(header(readDeadLetter(key), "dead-letter-reason")).startsWith("event: is not a single");
    }

    @Test
    void eventThatWarrantsNoNoticeLeavesNoRecordAndSendsNothing() throws Exception {
        ReferenceEvent observation = validObservation();
        String key = observation.subjectId().toString();

        try (KafkaProducer<String, String> producer = KafkaClients.producer("phi-vault")) {
            producer.send(new ProducerRecord<>(
                            Topics.PHI_EVENTS, key, new String(EventCodec.encode(observation), StandardCharsets.UTF_8)))
                    .get(20, TimeUnit.SECONDS);
            // Same key, so same partition, right behind it: once this one is dead-lettered the consumer has
            // taken the observation too.
            producer.send(new ProducerRecord<>(Topics.PHI_EVENTS, key, "{\"not\":\"an event\"}"))
                    .get(20, TimeUnit.SECONDS);
        }
        readDeadLetter(key);

        assertThat(DeliveryRecords.find(observation.eventId())).isEmpty();
        assertThat(GreenMail.withMessageId("<" + observation.eventId() + "@notification.phylax.local>"))
                .isEmpty();
    }

    @Test
    void notificationPrincipalCannotWriteTheVaultsTopic() {
        try (KafkaProducer<String, String> producer = KafkaClients.producer("notification")) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(
                                    Topics.PHI_EVENTS,
                                    UUID.randomUUID().toString(),
                                    new String(EventCodec.encode(validObservation()), StandardCharsets.UTF_8)))
                            .get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    private static ReferenceEvent validObservation() {
        UUID subject = UUID.randomUUID();
        return ReferenceEvents.aRecordAdded()
                .withEventId(UUID.randomUUID())
                .withSubjectId(subject)
                .withStreamId(UUID.randomUUID())
                .withRecordType("Observation")
                .build();
    }

    private static ConsumerRecord<String, String> readDeadLetter(String key) {
        try (KafkaConsumer<String, String> consumer =
                KafkaClients.consumer("kafka-admin", "notification-it-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(Topics.NOTIFICATION_DLQ));
            return Eventually.within(PATIENCE, "the dead letter keyed " + key, () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return Optional.of(record);
                    }
                }
                return Optional.empty();
            });
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
