package io.phylax.audit.it;

import static io.phylax.audit.it.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.phylax.contract.AccessEvent;
import io.phylax.contract.EventCodec;
import io.phylax.contract.Topics;
import io.phylax.testkit.KafkaClients;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Measures how many access events per second the log takes in (published as fast as the vault principal can,
 * until the last one is stored). Reports the rate and asserts only that everything arrived; runs only with
 * {@code -Dphylax.bench=true}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "phylax.bench", matches = "true")
class IngestRateIT {

    private static final Logger LOG = Logger.getLogger(IngestRateIT.class);
    private static final int EVENTS = Integer.getInteger("phylax.bench.events", 20_000);

    @Test
    void measuresEntriesStoredPerSecond() throws Exception {
        List<AccessEvent> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            events.add(VaultTopics.aReadNow().build());
        }
        var props = KafkaClients.as("phi-vault");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(EVENTS);
            for (AccessEvent event : events) {
                sent.add(producer.send(new ProducerRecord<>(
                        Topics.PHI_ACCESS, event.subjectId().toString(), EventCodec.encode(event))));
            }
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
        }
        long published = System.nanoTime();
        List<UUID> ids = events.stream().map(AccessEvent::eventId).toList();
        await(
                "every benchmark event stored",
                Duration.ofMinutes(10),
                () -> AuditDatabase.storedOf(ids) == EVENTS ? Optional.of(true) : Optional.empty());
        long stored = System.nanoTime();

        double seconds = (stored - start) / 1e9;
        LOG.infof(
                "ingested %d access events in %.1f s (%.0f entries/s; publishing took %.1f s)",
                EVENTS, seconds, EVENTS / seconds, (published - start) / 1e9);
        assertThat(AuditDatabase.storedOf(ids)).isEqualTo(EVENTS);
    }
}
