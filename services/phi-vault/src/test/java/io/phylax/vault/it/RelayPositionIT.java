package io.phylax.vault.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.phylax.testkit.KafkaClients;
import io.phylax.vault.adapter.out.kafka.RelayPosition;

/**
 * The relay's position on a real broker (ADR 0092): a relay taking over reads the event ids of the last committed
 * transaction, never those of an aborted one nor of one the last leader left open, which taking over aborts. Runs on
 * a topic and transactional id of its own as the admin principal, so the stack's relay is not fenced.
 */
class RelayPositionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String topic = "it.relay-position." + UUID.randomUUID();
    private final String transactionalId = "it-relay-" + UUID.randomUUID();

    @BeforeEach
    void createTopic() throws Exception {
        try (Admin admin = KafkaClients.admin("kafka-admin")) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void deleteTopic() throws Exception {
        try (Admin admin = KafkaClients.admin("kafka-admin")) {
            admin.deleteTopics(List.of(topic)).all().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTopicWithoutARecordHasNoPosition() throws Exception {
        assertThat(lastCommitted()).isEmpty();
    }

    @Test
    void theNextLeaderReadsTheLastCommittedTransactionNotAnAbortedOrAnOpenOne() throws Exception {
        List<UUID> first = ids(3);
        List<UUID> committed = ids(500);
        try (KafkaProducer<String, byte[]> killed = relay()) {
            killed.initTransactions();
            commit(killed, first);
            commit(killed, committed);
            killed.beginTransaction();
            send(killed, ids(2));
            killed.abortTransaction();
            // A leader that dies mid-transaction leaves it open.
            killed.beginTransaction();
            send(killed, ids(4));
            killed.flush();

            try (KafkaProducer<String, byte[]> next = relay()) {
                next.initTransactions();

                assertThat(lastCommitted()).isEqualTo(committed);
                assertThatThrownBy(killed::commitTransaction).isInstanceOf(ProducerFencedException.class);
            }
        }
    }

    @Test
    void aLongRunOfAbortedTransactionsDoesNotHideTheLastCommittedOne() throws Exception {
        List<UUID> committed = ids(1);
        try (KafkaProducer<String, byte[]> relay = relay()) {
            relay.initTransactions();
            commit(relay, committed);
            for (int i = 0; i < 40; i++) {
                relay.beginTransaction();
                send(relay, ids(1));
                relay.abortTransaction();
            }
        }

        assertThat(lastCommitted()).isEqualTo(committed);
    }

    @Test
    void aRecordThatIsNotAListOfEventIdsIsRefused() {
        assertThat(RelayPosition.decode(RelayPosition.encode(ids(2)))).hasSize(2);
        assertThatThrownBy(() -> RelayPosition.decode(new byte[17])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayPosition.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    private KafkaProducer<String, byte[]> relay() {
        Properties props = KafkaClients.as("kafka-admin");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private void commit(KafkaProducer<String, byte[]> producer, List<UUID> eventIds) {
        producer.beginTransaction();
        send(producer, eventIds);
        producer.commitTransaction();
    }

    private void send(KafkaProducer<String, byte[]> producer, List<UUID> eventIds) {
        producer.send(new ProducerRecord<>(topic, RelayPosition.KEY, RelayPosition.encode(eventIds)));
    }

    private List<UUID> lastCommitted() throws Exception {
        try (KafkaConsumer<String, byte[]> reader = KafkaClients.bytesConsumer("kafka-admin")) {
            return RelayPosition.lastCommitted(reader, topic, TIMEOUT);
        }
    }

    private static List<UUID> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> UUID.randomUUID()).toList();
    }
}
