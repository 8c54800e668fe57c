package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import io.phylax.contract.AccessAction;
import io.phylax.contract.AccessEvent;
import io.phylax.contract.AccessOutcome;
import io.phylax.contract.EventCodec;
import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEventType;
import io.phylax.contract.Topics;
import io.phylax.testkit.KafkaClients;
import io.quarkus.test.junit.QuarkusTest;

/** What the vault publishes: contract-valid reference and access events, in order, with no PHI. */
@QuarkusTest
class OutboundEventsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");

    @Test
    void referenceEventsArriveInOrderWithoutPhi() {
        String canary = canary();
        UUID id = clinician.register(patient(canary));
        clinician
                .update(id, "W/\"1\"", patient(canary).replace("female", "male"))
                .then()
                .statusCode(200);
        clinician.addRecord(id, SyntheticPatients.observation(canary)).then().statusCode(201);

        List<ConsumerRecord<String, String>> records = readUntil(Topics.PHI_EVENTS, id, list -> list.size() >= 3);

        assertThat(records).allSatisfy(r -> assertThat(r.value()).doesNotContain(canary));
        List<ReferenceEvent> events = records.stream()
                .map(r -> EventCodec.decodeReference(r.value().getBytes(StandardCharsets.UTF_8)))
                .toList();
        assertThat(events)
                .extracting(ReferenceEvent::eventType)
                .containsExactly(
                        ReferenceEventType.PatientRegistered,
                        ReferenceEventType.PatientUpdated,
                        ReferenceEventType.RecordAdded);
        assertThat(events.subList(0, 2)).extracting(ReferenceEvent::version).containsExactly(1L, 2L);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.tenant()).isEqualTo(CLINIC_A);
            assertThat(e.subjectId()).isEqualTo(id);
        });
        assertThat(records)
                .extracting(ConsumerRecord::partition)
                .containsOnly(records.getFirst().partition());
    }

    @Test
    void everyReadAndDenialIsAnAccessEventWithoutPhi() {
        String canary = canary();
        UUID id = clinician.register(patient(canary));
        clinician.read(id).then().statusCode(200);
        VaultClient.as(CLINIC_A, "auditor").read(id).then().statusCode(403);

        List<ConsumerRecord<String, String>> records = readUntil(
                Topics.PHI_ACCESS,
                id,
                list -> list.stream()
                        .map(r -> EventCodec.decodeAccess(r.value().getBytes(StandardCharsets.UTF_8)))
                        .anyMatch(e -> e.outcome() == AccessOutcome.DENIED));

        assertThat(records).allSatisfy(r -> assertThat(r.value()).doesNotContain(canary));
        List<AccessEvent> events = records.stream()
                .map(r -> EventCodec.decodeAccess(r.value().getBytes(StandardCharsets.UTF_8)))
                .toList();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AccessAction.CREATE);
            assertThat(e.actor().clientId()).isEqualTo("phylax-cli");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AccessAction.READ);
            assertThat(e.outcome()).isEqualTo(AccessOutcome.ALLOWED);
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AccessAction.READ);
            assertThat(e.outcome()).isEqualTo(AccessOutcome.DENIED);
        });
    }

    /** Reads a topic from the start (as the admin principal) until the subject's messages satisfy a condition. */
    private static List<ConsumerRecord<String, String>> readUntil(
            String topic, UUID subject, Predicate<List<ConsumerRecord<String, String>>> done) {
        List<ConsumerRecord<String, String>> mine = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer("kafka-admin", "it-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(PATIENCE);
            while (!done.test(mine) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (subject.toString().equals(record.key())) {
                        mine.add(record);
                    }
                }
            }
        }
        assertThat(done.test(mine))
                .as("messages for the subject arrived on " + topic)
                .isTrue();
        return mine;
    }
}
