package io.phylax.reporting.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import io.phylax.contract.EventCodec;
import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEvents;
import io.phylax.contract.Topics;
import io.phylax.testkit.KafkaClients;
import io.quarkus.test.junit.QuarkusTest;

/** Untrusted input: what is not a countable event goes to reporting.dlq.v1 with its reason, and nothing stalls. */
@QuarkusTest
class DeadLetterIT {

    private static final String REASON = "dead-letter-reason";

    @Test
    void aMessageThatIsNotAnEventGoesToTheDeadLetterTopicAndTheNextIsStillCounted() {
        String tenant = freshTenant();
        String key = UUID.randomUUID().toString();
        String valid = json(anEvent(tenant).build());
        // A field outside the contract, carrying what could be PHI, and something that is not JSON at all.
        String extraField = valid.replaceFirst("\\{", "{\"name\":\"Jane Canary\",");
        String notJson = "{\"eventId\": Canary";

        PhiEvents.publishRaw(key, List.of(extraField, notJson, valid));

        // Same key, same partition: the valid event behind the two bad ones is counted, so nothing stalled.
        Eventually.await("the valid event counted", () -> ReportingDatabase.count(tenant, "RecordAdded"), c -> c == 1);
        List<ConsumerRecord<String, String>> dead = deadLetters(key, 2);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly(extraField, notJson);
        assertThat(dead)
                .extracting(r -> header(r, REASON))
                .containsExactly(
                        "event: has a field outside the contract allow-list",
                        "event: is not a single well-formed JSON document without duplicate fields");
        assertThat(dead).allSatisfy(r -> {
            for (Header header : r.headers()) {
                assertThat(new String(header.value(), StandardCharsets.UTF_8)).doesNotContain("Canary");
            }
        });
    }

    @Test
    void anEventOnADayNoReportCanAskForGoesToTheDeadLetterTopic() {
        String tenant = freshTenant();
        String key = UUID.randomUUID().toString();
        String farFuture = json(anEvent(tenant)
                .withOccurredAt(Instant.parse("+10000-01-01T00:00:00Z"))
                .build());

        PhiEvents.publishRaw(key, List.of(farFuture, json(anEvent(tenant).build())));

        Eventually.await("the next event counted", () -> ReportingDatabase.count(tenant, "RecordAdded"), c -> c == 1);
        assertThat(deadLetters(key, 1))
                .singleElement()
                .satisfies(r -> assertThat(header(r, REASON)).startsWith("occurredAt: "));
    }

    private static ReferenceEvents anEvent(String tenant) {
        return ReferenceEvents.aRecordAdded()
                .withEventId(UUID.randomUUID())
                .withTenant(tenant)
                .withSubjectId(UUID.randomUUID())
                .withStreamId(UUID.randomUUID());
    }

    /** Reads the dead-letter topic from the start, as the admin principal, until {@code expected} records of the key. */
    private static List<ConsumerRecord<String, String>> deadLetters(String key, int expected) {
        List<ConsumerRecord<String, String>> mine = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer("kafka-admin", "it-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(Topics.REPORTING_DLQ));
            Instant deadline = Instant.now().plus(Eventually.PATIENCE);
            while (mine.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        mine.add(record);
                    }
                }
            }
        }
        assertThat(mine).as("records of the key on " + Topics.REPORTING_DLQ).hasSize(expected);
        return mine;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String json(ReferenceEvent event) {
        return new String(EventCodec.encode(event), StandardCharsets.UTF_8);
    }

    static String freshTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
