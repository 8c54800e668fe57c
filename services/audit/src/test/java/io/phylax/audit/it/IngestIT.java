package io.phylax.audit.it;

import static io.phylax.audit.it.Eventually.await;
import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import io.phylax.audit.adapter.out.kafka.KafkaDeadLetters;
import io.phylax.audit.adapter.out.persistence.Locks;
import io.phylax.audit.application.Delivery;
import io.phylax.audit.application.service.IngestService;
import io.phylax.contract.AccessAction;
import io.phylax.contract.AccessEvent;
import io.phylax.contract.AccessOutcome;
import io.phylax.contract.EventCodec;
import io.phylax.contract.PurposeOfUse;
import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEvents;
import io.phylax.contract.Topics;
import io.phylax.testkit.Databases;
import io.phylax.testkit.KafkaClients;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/** Consuming the vault's topics against the real broker and database: stored once, in the API, never lost. */
@QuarkusTest
class IngestIT {

    private static final String CANARY = "CANARY-Ottoline-Brackenbury";

    @Inject
    IngestService ingest;

    @Inject
    KafkaClientService kafka;

    @Test
    void anAccessEventAppearsInTheLogAndTheApiWithActorActionReferenceOutcomeAndTime() {
        AccessEvent event = VaultTopics.aReadNow()
                .withAction(AccessAction.EXPORT)
                .withPurpose(PurposeOfUse.PATRQT)
                .build();

        VaultTopics.publish(event);

        Map<String, Object> row = await("the access event in the log", () -> AuditDatabase.entryOf(event.eventId()));
        assertThat(row)
                .containsEntry("kind", "access")
                .containsEntry("tenant", CLINIC_A)
                .containsEntry("subject_id", event.subjectId())
                .containsEntry("actor_subject", event.actor().subject())
                .containsEntry("action", "EXPORT")
                .containsEntry("outcome", "ALLOWED")
                .containsEntry("purpose", "PATRQT");
        AuditApi.asAuditor(CLINIC_A)
                .queryParam("subject", event.subjectId().toString())
                .get("/api/v1/audit/events")
                .then()
                .statusCode(200)
                .body("entries", hasSize(1))
                .body("entries[0].eventId", equalTo(event.eventId().toString()))
                .body("entries[0].kind", equalTo("access"))
                .body("entries[0].actor.issuer", equalTo(event.actor().issuer()))
                .body("entries[0].actor.subject", equalTo(event.actor().subject()))
                .body("entries[0].actor.clientId", equalTo(event.actor().clientId()))
                .body("entries[0].action", equalTo("EXPORT"))
                .body("entries[0].subjectId", equalTo(event.subjectId().toString()))
                .body("entries[0].streamId", equalTo(event.streamId().toString()))
                .body("entries[0].outcome", equalTo("ALLOWED"))
                .body("entries[0].purpose", equalTo("PATRQT"))
                .body("entries[0].occurredAt", equalTo(event.occurredAt().toString()))
                .body("entries[0].correlationId", equalTo(event.correlationId()))
                .body("nextCursor", nullValue());
    }

    @Test
    void aReferenceEventIsStoredWithItsTypeStreamAndVersion() {
        UUID subject = UUID.randomUUID();
        ReferenceEvent event = ReferenceEvents.aRecordAmended()
                .withEventId(UUID.randomUUID())
                .withSubjectId(subject)
                .withStreamId(UUID.randomUUID())
                .withVersion(7)
                .build();

        VaultTopics.publish(event);

        Map<String, Object> row = await("the reference event in the log", () -> AuditDatabase.entryOf(event.eventId()));
        assertThat(row)
                .containsEntry("kind", "reference")
                .containsEntry("action", "RecordAmended")
                .containsEntry("stream_id", event.streamId())
                .containsEntry("stream_type", "RECORD")
                .containsEntry("record_type", "Observation")
                .containsEntry("stream_version", 7L)
                .containsEntry("actor_subject", null);
    }

    @Test
    void theSameEventDeliveredTwiceIsStoredOnce() {
        AccessEvent event = VaultTopics.aReadNow().build();
        // Same key, so the marker is in the same partition and is consumed only after both copies.
        AccessEvent marker = markerAfter(event);

        VaultTopics.publish(event);
        VaultTopics.publish(event);
        VaultTopics.publish(marker);

        await("the marker after the duplicate", () -> AuditDatabase.entryOf(marker.eventId()));
        assertThat(AuditDatabase.rowsWithEventId(event.eventId())).isEqualTo(1);
    }

    /**
     * A consumer that stored an event and died before committing its offset: here the first delivery is handed to
     * the ingest path directly (as that consumer did), then the broker delivers the same event again to the running
     * consumer, as it would to the replica that takes over the partition. One row.
     */
    @Test
    void anEventRedeliveredAfterAConsumerStoredItButDiedBeforeCommittingIsNotStoredTwice() {
        AccessEvent event = VaultTopics.aReadNow().build();
        AccessEvent marker = markerAfter(event);
        byte[] bytes = EventCodec.encode(event);

        IngestService.Report first = ingest.ingest(List.of(new Delivery(Topics.PHI_ACCESS, 0, 0, null, bytes)))
                .await()
                .atMost(Eventually.PATIENCE);
        assertThat(first.stored()).isEqualTo(1);
        VaultTopics.publish(event);
        VaultTopics.publish(marker);

        await("the marker after the redelivery", () -> AuditDatabase.entryOf(marker.eventId()));
        assertThat(AuditDatabase.rowsWithEventId(event.eventId())).isEqualTo(1);
    }

    /**
     * While the store cannot commit (a test session holds the append lock), the consumer group's committed offset
     * does not pass the event; once the store commits, it does. So a crash in between redelivers rather than loses.
     */
    @Test
    void theOffsetIsCommittedOnlyAfterTheEntryIsStored() throws Exception {
        AccessEvent event = VaultTopics.aReadNow().build();
        RecordMetadata sent;
        try (Connection owner = Databases.connectAsOwner("audit")) {
            lock(owner, "SELECT pg_advisory_lock(?)");
            try {
                sent = VaultTopics.publish(event);
                TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
                await(
                        "a consumer held up by the lock",
                        () -> AuditDatabase.someoneWaitsForAnAdvisoryLock() ? Optional.of(true) : Optional.empty());
                // Longer than the throttled strategy's commit interval (5 s): time to commit wrongly.
                Instant until = Instant.now().plusSeconds(8);
                while (Instant.now().isBefore(until)) {
                    assertThat(committed(partition)).isLessThanOrEqualTo(sent.offset());
                    assertThat(AuditDatabase.entryOf(event.eventId())).isEmpty();
                    Eventually.pause(Duration.ofMillis(500));
                }
            } finally {
                lock(owner, "SELECT pg_advisory_unlock(?)");
            }
        }
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        await("the entry after the lock is released", () -> AuditDatabase.entryOf(event.eventId()));
        await(
                "the offset committed past the event",
                () -> committed(partition) > sent.offset() ? Optional.of(true) : Optional.empty());
    }

    @Test
    void aMessageThatIsNotAnEventGoesToTheDeadLetterTopicAndConsumingGoesOn() {
        String key = "it-" + UUID.randomUUID();
        byte[] poison = ("{\"note\":\"" + CANARY + "\"").getBytes(StandardCharsets.UTF_8);

        RecordMetadata sent = VaultTopics.send(Topics.PHI_ACCESS, ownPartition(), key, poison);
        AccessEvent after = VaultTopics.aReadNow().build();
        VaultTopics.publish(after);

        ConsumerRecord<String, String> letter = deadLetterWithKey(key);
        assertThat(letter.value().getBytes(StandardCharsets.UTF_8)).isEqualTo(poison);
        assertThat(header(letter, KafkaDeadLetters.REASON))
                .startsWith("event: ")
                .doesNotContain(CANARY);
        assertThat(header(letter, KafkaDeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.PHI_ACCESS);
        assertThat(header(letter, KafkaDeadLetters.SOURCE_PARTITION)).isEqualTo(Integer.toString(sent.partition()));
        assertThat(header(letter, KafkaDeadLetters.SOURCE_OFFSET)).isEqualTo(Long.toString(sent.offset()));
        await("the next event stored", () -> AuditDatabase.entryOf(after.eventId()));
    }

    @Test
    void anEventBreakingTheContractIsDeadLetteredNamingTheFieldNotTheValue() {
        String key = "it-" + UUID.randomUUID();
        String json = new String(EventCodec.encode(VaultTopics.aReadNow().build()), StandardCharsets.UTF_8)
                .replace("\"" + CLINIC_A + "\"", "\"" + CANARY + "\"");

        VaultTopics.send(Topics.PHI_ACCESS, ownPartition(), key, json.getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<String, String> letter = deadLetterWithKey(key);
        assertThat(header(letter, KafkaDeadLetters.REASON))
                .startsWith("tenant: ")
                .doesNotContain(CANARY);
        assertThat(letter.value()).isEqualTo(json);
    }

    /**
     * A partition of phi.access.v1 this test's service instance consumes. Another replica in group audit (a
     * `make run` beside the tests) may hold the others, and a dead-letter test asserts what this build does.
     */
    private int ownPartition() {
        return await(
                "a partition assigned to this instance",
                () -> kafka
                        .<byte[], byte[]>getConsumer("vault-events")
                        .getAssignments()
                        .await()
                        .atMost(Duration.ofSeconds(15))
                        .stream()
                        .filter(p -> p.topic().equals(Topics.PHI_ACCESS))
                        .map(TopicPartition::partition)
                        .findFirst());
    }

    private static AccessEvent markerAfter(AccessEvent event) {
        return VaultTopics.aReadNow()
                .withSubjectId(event.subjectId())
                .withStreamId(event.subjectId())
                .withOutcome(AccessOutcome.DENIED)
                .build();
    }

    private static void lock(Connection owner, String sql) throws Exception {
        try (PreparedStatement st = owner.prepareStatement(sql)) {
            st.setLong(1, Locks.APPEND);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
            }
        }
    }

    /** The audit group's committed offset for a partition (the next record it would read), or 0 if none. */
    private static long committed(TopicPartition partition) {
        try (Admin admin = KafkaClients.admin("kafka-admin")) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("audit")
                    .partitionsToOffsetAndMetadata()
                    .get(15, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(partition);
            return offset == null ? 0 : offset.offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the audit group's offsets", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads the dead-letter topic from the start (as the admin principal) until the message with this key. */
    private static ConsumerRecord<String, String> deadLetterWithKey(String key) {
        try (KafkaConsumer<String, String> consumer =
                KafkaClients.consumer("kafka-admin", "audit-it-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(Topics.AUDIT_DLQ));
            return await("a dead letter with key " + key, () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return Optional.of(record);
                    }
                }
                return Optional.empty();
            });
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
