package io.phylax.notification.kafka;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.notification.service.DeliveryOutcome;
import io.phylax.notification.service.OutcomeSink;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes final delivery outcomes to {@code notification.outcomes.v1}, keyed by event id: the event id,
 * status, channel kind, attempts and error kind. Best effort: the delivery record is the authority, so a
 * lost outcome is logged, never retried at the expense of the next delivery.
 */
@ApplicationScoped
public class KafkaOutcomeSink implements OutcomeSink {

    private static final Logger LOG = Logger.getLogger(KafkaOutcomeSink.class);

    private final Emitter<String> emitter;
    private final ObjectMapper json;

    public KafkaOutcomeSink(@Channel("delivery-outcomes") Emitter<String> emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    /** The value on the outcomes topic: codes only. */
    record OutcomeMessage(String eventId, String status, String channel, int attempts, String lastError) {

        static OutcomeMessage of(DeliveryOutcome outcome) {
            return new OutcomeMessage(
                    outcome.eventId().toString(),
                    outcome.status().name(),
                    outcome.channel() == null ? null : outcome.channel().code(),
                    outcome.attempts(),
                    outcome.lastError() == null ? null : outcome.lastError().name());
        }
    }

    @Override
    public void publish(DeliveryOutcome outcome) {
        String eventId = outcome.eventId().toString();
        try {
            String value = json.writeValueAsString(OutcomeMessage.of(outcome));
            emitter.send(Message.of(value)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(eventId)
                            .build())
                    .withNack(failure -> {
                        LOG.warnf(
                                "outcome of event %s not published: %s",
                                eventId, failure.getClass().getSimpleName());
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (JsonProcessingException | RuntimeException e) {
            // The emitter refuses when its buffer is full or the channel is down; the record still holds.
            LOG.warnf(
                    "outcome of event %s not published: %s",
                    eventId, e.getClass().getSimpleName());
        }
    }
}
