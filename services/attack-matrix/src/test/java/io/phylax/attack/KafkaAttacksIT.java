package io.phylax.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.phylax.contract.Topics;
import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.KafkaClients;

/**
 * Each service's Kafka principal (its own certificate) tries what the design forbids it: writing any topic
 * it does not own, reading a topic it does not consume, joining another service's consumer group, creating a
 * topic, changing ACLs. The expected policy is written out here, independently of the provisioning code.
 * {@code system-tests/KafkaAclIT} keeps the positive cases (the vault writes, a consumer reads with its group).
 */
class KafkaAttacksIT {

    static final List<String> PRINCIPALS = DemoRealm.SERVICES;
    static final List<String> CONSUMERS =
            PRINCIPALS.stream().filter(p -> !p.equals("phi-vault")).toList();
    /** The outbox relay's transactional id (Provision.java, phylax.vault.outbox.transactional-id). */
    private static final String RELAY_TRANSACTIONAL_ID = "phi-vault-outbox-relay";

    /** The topics each principal may write: the vault its two, each consumer only its own outputs. */
    private static final Map<String, Set<String>> WRITES = Map.of(
            "phi-vault", Set.of(Topics.PHI_EVENTS, Topics.PHI_ACCESS, Topics.RELAY_POSITION),
            "audit", Set.of(Topics.AUDIT_DLQ),
            "notification", Set.of(Topics.NOTIFICATION_DLQ, Topics.NOTIFICATION_OUTCOMES),
            "reporting", Set.of(Topics.REPORTING_DLQ));

    /** The topics each principal may read (with its own group). */
    private static final Map<String, Set<String>> READS = Map.of(
            "phi-vault", Set.of(Topics.RELAY_POSITION),
            "audit", Set.of(Topics.PHI_EVENTS, Topics.PHI_ACCESS),
            "notification", Set.of(Topics.PHI_EVENTS),
            "reporting", Set.of(Topics.PHI_EVENTS));

    private static final String PROBE_VALUE = "{\"type\":\"AttackProbe\"}";

    static Stream<Arguments> forbiddenWrites() {
        return pairs(WRITES);
    }

    static Stream<Arguments> forbiddenReads() {
        return pairs(READS);
    }

    static Stream<Arguments> foreignGroups() {
        return Grid.distinctPairs(PRINCIPALS);
    }

    @ParameterizedTest(name = "{0} writes {1}")
    @MethodSource("forbiddenWrites")
    void principalCannotWriteATopicItDoesNotOwn(String principal, String topic) {
        try (KafkaProducer<String, String> producer = KafkaClients.producer(principal)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, probeKey(), PROBE_VALUE))
                            .get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @MethodSource("forbiddenReads")
    void principalCannotReadATopicItDoesNotConsume(String principal, String topic) {
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(principal, principal)) {
            consumer.subscribe(List.of(topic));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOfAny(TopicAuthorizationException.class, GroupAuthorizationException.class);
        }
    }

    @ParameterizedTest(name = "{0} joins group {1}")
    @MethodSource("foreignGroups")
    void principalCannotJoinAnotherServicesGroup(String principal, String group) {
        String topic = READS.get(principal).isEmpty()
                ? Topics.PHI_EVENTS
                : READS.get(principal).iterator().next();
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(principal, group)) {
            consumer.subscribe(List.of(topic));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOfAny(GroupAuthorizationException.class, TopicAuthorizationException.class);
        }
    }

    /**
     * The vault's relay publishes in transactions under one transactional id (ADR 0092); whoever initialises it
     * fences the relay. No other principal may, nor write the relay's position.
     */
    @ParameterizedTest(name = "{0}")
    @FieldSource("CONSUMERS")
    void consumerCannotTakeTheRelaysTransactionalId(String principal) {
        Properties props = KafkaClients.as(principal);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, RELAY_TRANSACTIONAL_ID);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("PRINCIPALS")
    void principalCannotCreateATopic(String principal) {
        try (Admin admin = KafkaClients.admin(principal)) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("rogue." + probeKey(), 1, (short) 1)))
                            .all()
                            .get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("PRINCIPALS")
    void principalCannotGrantItselfAnAcl(String principal) {
        AclBinding grab = new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, Topics.PHI_ACCESS, PatternType.LITERAL),
                new AccessControlEntry("User:CN=" + principal, "*", AclOperation.ALL, AclPermissionType.ALLOW));
        try (Admin admin = KafkaClients.admin(principal)) {
            assertThatThrownBy(() -> admin.createAcls(List.of(grab)).all().get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("PRINCIPALS")
    void principalCannotDeleteAcls(String principal) {
        // A filter that matches no binding: if the call were allowed, nothing would be deleted anyway.
        AclBindingFilter nothing = new AclBinding(
                        new ResourcePattern(ResourceType.TOPIC, "rogue." + probeKey(), PatternType.LITERAL),
                        new AccessControlEntry("User:CN=nobody", "*", AclOperation.READ, AclPermissionType.ALLOW))
                .toFilter();
        try (Admin admin = KafkaClients.admin(principal)) {
            assertThatThrownBy(() -> admin.deleteAcls(List.of(nothing)).all().get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("PRINCIPALS")
    void principalCannotListTheAcls(String principal) {
        try (Admin admin = KafkaClients.admin(principal)) {
            assertThatThrownBy(() ->
                            admin.describeAcls(AclBindingFilter.ANY).values().get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
        }
    }

    private static Stream<Arguments> pairs(Map<String, Set<String>> allowed) {
        List<Arguments> pairs = new ArrayList<>();
        for (String principal : PRINCIPALS) {
            for (String topic : Topics.all()) {
                if (!allowed.get(principal).contains(topic)) {
                    pairs.add(Arguments.of(principal, topic));
                }
            }
        }
        assertThat(pairs).isNotEmpty();
        return pairs.stream();
    }

    private static String probeKey() {
        return "attack-probe-" + UUID.randomUUID();
    }
}
