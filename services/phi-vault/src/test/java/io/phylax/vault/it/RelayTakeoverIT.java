package io.phylax.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.phylax.contract.Topics;
import io.phylax.testkit.Databases;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.KafkaClients;
import io.phylax.vault.adapter.out.kafka.RelayPosition;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A leader that committed a transaction and died before marking its rows (ADR 0092), played by this test with the
 * relay's transactional id: the relay that publishes next is fenced, takes over, marks the row from the position
 * record and does not publish it a second time; then it publishes the next row as usual. The messages go to a topic
 * of the test's own that the vault may write for the test's duration, so no consumer sees them.
 */
@QuarkusTest
class RelayTakeoverIT {

    private static final String RELAY_TRANSACTIONAL_ID = "phi-vault-outbox-relay";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String topic = "it.relay-takeover." + UUID.randomUUID();

    @BeforeEach
    void letTheVaultWriteATopicOfItsOwn() throws Exception {
        try (Admin admin = KafkaClients.admin("kafka-admin")) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
            admin.createAcls(vaultMayWrite()).all().get(20, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void removeTheTopicAndItsRows() throws Exception {
        try (Admin admin = KafkaClients.admin("kafka-admin")) {
            admin.deleteAcls(vaultMayWrite().stream().map(AclBinding::toFilter).toList())
                    .all()
                    .get(20, TimeUnit.SECONDS);
            admin.deleteTopics(List.of(topic)).all().get(20, TimeUnit.SECONDS);
        }
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("DELETE FROM outbox WHERE topic = ?")) {
            st.setString(1, topic);
            st.executeUpdate();
        }
    }

    @Test
    void aRowTheLastLeaderCommittedIsMarkedAndNotPublishedAgain() throws Exception {
        Eventually.within(
                PATIENCE, "the outbox to drain", () -> unpublished() == 0 ? Optional.of(true) : Optional.empty());
        UUID lastLeaders = UUID.randomUUID();
        UUID next = UUID.randomUUID();

        try (Connection db = Databases.connectAsOwner("phi-vault")) {
            // The row commits only after the last leader's transaction, so no relay can take it before.
            db.setAutoCommit(false);
            insert(db, lastLeaders, "published-by-the-last-leader");
            try (KafkaProducer<String, byte[]> lastLeader = relayProducer()) {
                lastLeader.initTransactions();
                lastLeader.beginTransaction();
                lastLeader.send(record("published-by-the-last-leader"));
                lastLeader.send(new ProducerRecord<>(
                        Topics.RELAY_POSITION, RelayPosition.KEY, RelayPosition.encode(List.of(lastLeaders))));
                lastLeader.commitTransaction();
            }
            db.commit();
        }

        Eventually.within(PATIENCE, "the last leader's row marked", () -> published(lastLeaders));
        try (Connection db = Databases.connectAsOwner("phi-vault")) {
            insert(db, next, "published-by-the-next-leader");
        }
        Eventually.within(PATIENCE, "the next row published", () -> published(next));

        assertThat(topicValues()).containsExactly("published-by-the-last-leader", "published-by-the-next-leader");
    }

    private List<AclBinding> vaultMayWrite() {
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
            acls.add(new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                    new AccessControlEntry("User:CN=phi-vault", "*", operation, AclPermissionType.ALLOW)));
        }
        return acls;
    }

    private KafkaProducer<String, byte[]> relayProducer() {
        Properties props = KafkaClients.as("kafka-admin");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, RELAY_TRANSACTIONAL_ID);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private ProducerRecord<String, byte[]> record(String value) {
        return new ProducerRecord<>(topic, "takeover", value.getBytes(StandardCharsets.UTF_8));
    }

    private void insert(Connection db, UUID eventId, String payload) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(
                "INSERT INTO outbox (event_id, topic, message_key, payload) VALUES (?, ?, 'takeover', ?)")) {
            st.setObject(1, eventId);
            st.setString(2, topic);
            st.setBytes(3, payload.getBytes(StandardCharsets.UTF_8));
            st.executeUpdate();
        }
    }

    private static long unpublished() {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st = db.prepareStatement("SELECT count(*) FROM outbox WHERE published_at IS NULL");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Boolean> published(UUID eventId) {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                PreparedStatement st =
                        db.prepareStatement("SELECT published_at IS NOT NULL FROM outbox WHERE event_id = ?")) {
            st.setObject(1, eventId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1) ? Optional.of(true) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test topic as a read_committed reader sees it, from its beginning to its current end. */
    private List<String> topicValues() {
        List<String> values = new ArrayList<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.bytesConsumer("kafka-admin")) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (consumer.position(partition) < end) {
                assertThat(System.nanoTime())
                        .as("read the test topic to its end")
                        .isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
