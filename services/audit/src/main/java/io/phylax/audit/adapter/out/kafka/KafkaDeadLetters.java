package io.phylax.audit.adapter.out.kafka;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.phylax.audit.application.Delivery;
import io.phylax.audit.application.port.out.DeadLetterPort;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Forwards refused messages to {@code audit.dlq.v1}: the original key and bytes unchanged, with headers saying why
 * (a contract rule, never a value) and where the message came from. Completes when the broker has it.
 */
@ApplicationScoped
public class KafkaDeadLetters implements DeadLetterPort {

    // SmallRye's dead-letter header names, as reporting.dlq.v1 carries them: one convention across the platform.
    public static final String REASON = "dead-letter-reason";
    public static final String SOURCE_TOPIC = "dead-letter-topic";
    public static final String SOURCE_PARTITION = "dead-letter-partition";
    public static final String SOURCE_OFFSET = "dead-letter-offset";

    private static final byte[] EMPTY = new byte[0];

    private final MutinyEmitter<byte[]> emitter;
    /** phylax_audit_dead_letters_total{reason="contract"}: refused messages (alerted on, ADR 0052). */
    private final Counter deadLetters;

    @Inject
    public KafkaDeadLetters(@Channel("audit-dlq") MutinyEmitter<byte[]> emitter, MeterRegistry registry) {
        this.emitter = emitter;
        this.deadLetters = Counter.builder("phylax_audit_dead_letters")
                .tag("reason", "contract")
                .register(registry);
    }

    @Override
    public Uni<Void> deadLetter(Delivery delivery, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(reason));
        headers.add(SOURCE_TOPIC, utf8(delivery.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(delivery.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(delivery.offset())));
        OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(delivery.key())
                .withHeaders(headers)
                .build();
        // A message without a value is forwarded as an empty one; the reason header says which it was.
        byte[] value = delivery.value() == null ? EMPTY : delivery.value();
        return emitter.sendMessage(Message.of(value).addMetadata(metadata)).invoke(() -> deadLetters.increment());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
