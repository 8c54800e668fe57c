package io.phylax.vault.it;

import static io.phylax.testkit.DemoRealm.CLINIC_A;
import static io.phylax.vault.it.SyntheticPatients.canary;
import static io.phylax.vault.it.SyntheticPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import io.phylax.contract.EventCodec;
import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.Topics;
import io.phylax.testkit.Faults;
import io.phylax.testkit.KafkaClients;
import io.quarkus.test.junit.QuarkusTest;

/** The outbox relay across a broker outage: writes go on, and every event arrives later, once and in order. */
@QuarkusTest
class BrokerOutageIT {

    private static final int SUBJECTS = 4;

    private final VaultClient clinician = VaultClient.as(CLINIC_A, "clinician");

    @Test
    void writesSucceedDuringABrokerOutageAndTheOutboxDrainsInOrderAfterwards() throws Exception {
        List<UUID> subjects = new ArrayList<>();
        try (Faults.Fault outage = Faults.freezeKafka()) {
            for (int i = 0; i < SUBJECTS; i++) {
                String canary = canary();
                UUID id = clinician.register(patient(canary));
                clinician
                        .update(id, "W/\"1\"", patient(canary).replace("female", "male"))
                        .then()
                        .statusCode(200);
                subjects.add(id);
            }
            assertThat(VaultDatabase.unpublished(subjects)).isGreaterThanOrEqualTo(2L * SUBJECTS);
        }

        Map<UUID, List<Long>> versions = versionsOnKafka(subjects, Duration.ofSeconds(90));

        for (UUID subject : subjects) {
            // Exactly once and in order for a read_committed reader: a batch whose transaction failed during the
            // outage was aborted and sent again in a new one (ADR 0092).
            assertThat(versions.get(subject)).as("versions of " + subject).containsExactly(1L, 2L);
        }
    }

    private static Map<UUID, List<Long>> versionsOnKafka(List<UUID> subjects, Duration patience) {
        Map<UUID, List<Long>> versions = new HashMap<>();
        subjects.forEach(s -> versions.put(s, new ArrayList<>()));
        try (KafkaConsumer<String, String> consumer =
                KafkaClients.consumer("kafka-admin", "it-outage-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(Topics.PHI_EVENTS));
            Instant deadline = Instant.now().plus(patience);
            while (versions.values().stream().anyMatch(v -> !v.contains(2L))
                    && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    List<Long> seen = record.key() == null ? null : versions.get(parse(record.key()));
                    if (seen != null) {
                        ReferenceEvent event =
                                EventCodec.decodeReference(record.value().getBytes(StandardCharsets.UTF_8));
                        seen.add(event.version());
                    }
                }
            }
        }
        return versions;
    }

    /** Other tests' messages share the topic; only keys that are subject ids can be ours. */
    private static UUID parse(String key) {
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
