package io.phylax.audit.it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.phylax.contract.AccessEvent;
import io.phylax.contract.AccessEvents;
import io.phylax.contract.Actor;
import io.phylax.contract.EventCodec;
import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.Topics;
import io.phylax.testkit.KafkaClients;

/**
 * Publishes to the vault's topics as the vault's own principal (the only one the ACLs let write them): contract
 * events encoded by {@link EventCodec}, or raw bytes for poison messages. Keys are subject ids, as the vault's.
 */
final class VaultTopics {

    private static KafkaProducer<String, byte[]> producer;

    private VaultTopics() {}

    /** A clinician's allowed read of a fresh subject in clinic-a, happening now; vary it with the builder. */
    static AccessEvents aReadNow() {
        UUID subject = UUID.randomUUID();
        return AccessEvents.aRead()
                .withEventId(UUID.randomUUID())
                .withSubjectId(subject)
                .withStreamId(subject)
                .withActor(new Actor(AccessEvents.DEFAULT_ISSUER, "it-" + UUID.randomUUID(), "phylax-cli"))
                .withOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .withCorrelationId("it-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static RecordMetadata publish(AccessEvent event) {
        return send(Topics.PHI_ACCESS, key(event.subjectId(), event.tenant()), EventCodec.encode(event));
    }

    static RecordMetadata publish(ReferenceEvent event) {
        return send(Topics.PHI_EVENTS, event.subjectId().toString(), EventCodec.encode(event));
    }

    static RecordMetadata send(String topic, String key, byte[] value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    /** To one partition: lets a test pick a partition its own service instance consumes. */
    static RecordMetadata send(String topic, int partition, String key, byte[] value) {
        return send(new ProducerRecord<>(topic, partition, key, value));
    }

    private static RecordMetadata send(ProducerRecord<String, byte[]> record) {
        String topic = record.topic();
        try {
            return producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String key(UUID subject, String tenant) {
        return subject == null ? tenant : subject.toString();
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties props = KafkaClients.as("phi-vault");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
            Runtime.getRuntime().addShutdownHook(new Thread(producer::close));
        }
        return producer;
    }
}
