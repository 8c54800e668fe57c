package io.phylax.vault.adapter.out.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The outbox relay's position on Kafka (ADR 0092): every transaction the relay commits carries, besides its messages,
 * one record on a compacted topic of its own naming the event ids it published. Committed with the messages or
 * aborted with them, that record tells a relay taking over which rows the last leader published but may not have
 * marked. Event ids, not outbox row ids: a database restored from an older backup reuses row ids, never event ids.
 */
public final class RelayPosition {

    /** The one key of the position topic; compaction keeps its last record. */
    public static final String KEY = "outbox-relay";

    private static final int UUID_BYTES = 16;

    private RelayPosition() {}

    /** The event ids of one transaction, 16 bytes each. */
    public static byte[] encode(List<UUID> eventIds) {
        ByteBuffer buffer = ByteBuffer.allocate(eventIds.size() * UUID_BYTES);
        for (UUID id : eventIds) {
            buffer.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        }
        return buffer.array();
    }

    public static List<UUID> decode(byte[] value) {
        if (value == null || value.length % UUID_BYTES != 0) {
            throw new IllegalArgumentException("not a relay position record");
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        List<UUID> ids = new ArrayList<>(value.length / UUID_BYTES);
        while (buffer.hasRemaining()) {
            ids.add(new UUID(buffer.getLong(), buffer.getLong()));
        }
        return ids;
    }

    /**
     * The event ids of the last committed transaction on partition 0 of {@code topic}, or none if it holds no record.
     * The consumer must read committed records only ({@code isolation.level=read_committed}): its end is then the
     * last stable offset, so a transaction still open blocks nothing but is not read either. Reads back from the end
     * in a growing window, since aborted transactions and their markers take offsets too.
     */
    public static List<UUID> lastCommitted(Consumer<String, byte[]> consumer, String topic, Duration timeout)
            throws TimeoutException {
        Instant deadline = Instant.now().plus(timeout);
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        long begin = consumer.beginningOffsets(List.of(partition), timeout).get(partition);
        long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        for (long window = 16; ; window *= 4) {
            long from = Math.max(begin, end - window);
            consumer.seek(partition, from);
            byte[] last = null;
            while (consumer.position(partition, timeout) < end) {
                if (Instant.now().isAfter(deadline)) {
                    throw new TimeoutException("relay position not read within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end && KEY.equals(record.key())) {
                        last = record.value();
                    }
                }
            }
            if (last != null) {
                return decode(last);
            }
            if (from == begin) {
                return List.of();
            }
        }
    }
}
