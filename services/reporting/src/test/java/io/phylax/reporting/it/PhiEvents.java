package io.phylax.reporting.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.phylax.contract.EventCodec;
import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.Topics;
import io.phylax.testkit.KafkaClients;

/** Publishes to {@code phi.events.v1} as the vault's principal, the only one allowed to write it. */
final class PhiEvents {

    private PhiEvents() {}

    /**
     * Sends the events in order under one key, so they share a partition and the consumer sees them in that
     * order: once the last one is counted, all before it have been handled.
     */
    static void publish(UUID key, List<ReferenceEvent> events) {
        List<String> values = new ArrayList<>();
        for (ReferenceEvent event : events) {
            values.add(new String(EventCodec.encode(event), StandardCharsets.UTF_8));
        }
        publishRaw(key.toString(), values);
    }

    /** Sends values as they are, valid or not. */
    static void publishRaw(String key, List<String> values) {
        send(null, key, values);
    }

    /** Sends the event to one partition, whatever its key would choose. */
    static void publishTo(int partition, ReferenceEvent event) {
        String value = new String(EventCodec.encode(event), StandardCharsets.UTF_8);
        send(partition, event.subjectId().toString(), List.of(value));
    }

    private static void send(Integer partition, String key, List<String> values) {
        try (KafkaProducer<String, String> producer = KafkaClients.producer("phi-vault")) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(Topics.PHI_EVENTS, partition, key, value))
                        .get(20, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + Topics.PHI_EVENTS, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
