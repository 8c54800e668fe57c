package io.phylax.reporting.messaging;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.phylax.contract.ContractViolation;
import io.phylax.contract.EventCodec;
import io.phylax.contract.ReferenceEvent;
import io.phylax.reporting.config.ReportingConfig;
import io.phylax.reporting.domain.ActivityKey;
import io.phylax.reporting.domain.UncountableEventException;
import io.phylax.reporting.repository.ActivityRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Counts the reference events on {@code phi.events.v1}. Input is untrusted: a message that is not a valid
 * event is nacked, which sends it unchanged to {@code reporting.dlq.v1} with the reason (ADR 0031).
 */
@ApplicationScoped
public class ReferenceEventConsumer {

    /** The channel configured in application.properties. */
    public static final String CHANNEL = "phi-events";

    private static final Logger LOG = Logger.getLogger(ReferenceEventConsumer.class);

    private final ActivityRepository repository;
    private final ReportingConfig config;
    private final Counter contractViolations;
    private final Counter uncountable;

    public ReferenceEventConsumer(ActivityRepository repository, ReportingConfig config, MeterRegistry registry) {
        this.repository = repository;
        this.config = config;
        this.contractViolations = deadLetters(registry, "contract");
        this.uncountable = deadLetters(registry, "uncountable");
    }

    /** phylax_reporting_dead_letters_total{reason}: messages sent to the dead-letter topic (ADR 0052). */
    private static Counter deadLetters(MeterRegistry registry, String reason) {
        return Counter.builder("phylax_reporting_dead_letters")
                .tag("reason", reason)
                .register(registry);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        UUID eventId;
        ActivityKey key;
        try {
            ReferenceEvent event = EventCodec.decodeReference(message.getPayload());
            eventId = event.eventId();
            key = ActivityKey.of(event);
        } catch (ContractViolation | UncountableEventException refused) {
            // The reason names a field and a rule only; the bytes themselves go to the dead-letter topic alone.
            LOG.warnf("refused the message at %s: %s", position(message), refused.getMessage());
            (refused instanceof ContractViolation ? contractViolations : uncountable).increment();
            return Uni.createFrom().completionStage(message.nack(refused));
        }
        return repository
                .countOnce(eventId, key)
                .onFailure()
                .invoke(failure -> LOG.warnf(
                        "could not store the count for the message at %s (%s); retrying",
                        position(message), failure.getClass().getName()))
                // A database failure says nothing about the message: keep it (and its partition) waiting
                // rather than dead-lettering a good event or acknowledging one that was never counted.
                .onFailure()
                .retry()
                .withBackOff(config.retry().initialDelay(), config.retry().maxDelay())
                .indefinitely()
                // Acknowledged only once the count and the event id have committed.
                .flatMap(counted -> Uni.createFrom().completionStage(message.ack()));
    }

    /** Where the message sits (topic, partition, offset); never its key, which is a subject id. */
    private static String position(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElse("(unknown position)");
    }
}
