package io.phylax.notification.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.phylax.contract.ContractViolation;
import io.phylax.contract.EventCodec;
import io.phylax.contract.ReferenceEvent;
import io.phylax.notification.service.DeadLetterException;
import io.phylax.notification.service.DeliveryService;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Reads {@code phi.events.v1} (group {@code notification}). A message is acknowledged only once its delivery
 * record is final; whatever must not be retried (bytes that break the contract, deliveries that failed for
 * good) is nacked, and the channel's dead-letter strategy forwards it, bytes unchanged and the reason in the
 * {@code dead-letter-reason} header, to {@code notification.dlq.v1}. Nothing is dropped silently.
 */
@ApplicationScoped
public class ReferenceEventConsumer {

    private static final Logger LOG = Logger.getLogger(ReferenceEventConsumer.class);

    private final DeliveryService deliveries;
    private final MeterRegistry meters;

    public ReferenceEventConsumer(DeliveryService deliveries, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.meters = meters;
    }

    // Each message on a virtual thread, a few at a time (smallrye.messaging.worker.<virtual-thread>.max-concurrency):
    // a delivery may block for its whole retry budget, which is cheap on a virtual thread and trips no blocked-
    // thread warning; a notice waiting out a relay outage does not hold up the ones behind it, and notices need
    // no order among themselves.
    @Incoming("phi-events")
    @RunOnVirtualThread
    public CompletionStage<Void> consume(Message<byte[]> message) {
        ReferenceEvent event;
        try {
            event = EventCodec.decodeReference(message.getPayload());
        } catch (ContractViolation violation) {
            // The violation's message names a field and a rule, never a byte of the input.
            LOG.warnf("refused %s: %s", where(message), violation.getMessage());
            meters.counter("phylax.notification.dead.letters", "reason", "CONTRACT_VIOLATION")
                    .increment();
            return message.nack(violation);
        }
        try {
            deliveries.handle(event);
            return message.ack();
        } catch (DeadLetterException deadLetter) {
            return message.nack(deadLetter);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            // Neither acked nor nacked: the offset stays uncommitted and the event comes again after the restart.
            return CompletableFuture.completedFuture(null);
        }
    }

    private static String where(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElse("a message");
    }
}
