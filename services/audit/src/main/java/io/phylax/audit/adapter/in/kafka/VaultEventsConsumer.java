package io.phylax.audit.adapter.in.kafka;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.phylax.audit.application.Delivery;
import io.phylax.audit.application.service.IngestService;
import io.smallrye.mutiny.Uni;

/**
 * Consumes the vault's two topics ({@code phi.events.v1}, {@code phi.access.v1}) in batches as group {@code audit}.
 * A batch is acknowledged only when the returned Uni completes, that is once its entries are committed to the log
 * and its refused messages are on the dead-letter topic; the throttled commit strategy then commits offsets only
 * up to acknowledged records. While a write keeps failing the batch stays unacknowledged (the throttled strategy
 * reports the channel unhealthy once it waits too long); a crash meanwhile redelivers it, deduplicated by event id.
 */
@ApplicationScoped
public class VaultEventsConsumer {

    private final IngestService ingest;

    @Inject
    public VaultEventsConsumer(IngestService ingest) {
        this.ingest = ingest;
    }

    @Incoming("vault-events")
    public Uni<Void> consume(ConsumerRecords<byte[], byte[]> records) {
        List<Delivery> deliveries = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            deliveries.add(
                    new Delivery(record.topic(), record.partition(), record.offset(), record.key(), record.value()));
        }
        return ingest.ingest(deliveries).replaceWithVoid();
    }
}
