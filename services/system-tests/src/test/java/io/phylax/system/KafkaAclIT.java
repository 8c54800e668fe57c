package io.phylax.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import io.phylax.contract.Topics;
import io.phylax.testkit.KafkaClients;

/** The broker's ACLs, tried with each principal's own certificate: who may write, who may read, with which group. */
class KafkaAclIT {

    private static final String SYNTHETIC_VALUE = "{\"type\":\"AclProbe\"}";

    @Test
    void brokerHasEveryTopicOfTheContract() throws Exception {
        try (Admin admin = KafkaClients.admin("kafka-admin")) {
            assertThat(admin.listTopics().names().get()).containsAll(Topics.all());
        }
    }

    @Test
    void vaultMayWriteItsTopics() throws Exception {
        try (KafkaProducer<String, String> producer = KafkaClients.producer("phi-vault")) {
            for (String topic : List.of(Topics.PHI_EVENTS, Topics.PHI_ACCESS)) {
                assertThat(producer.send(new ProducerRecord<>(topic, probeKey(), SYNTHETIC_VALUE))
                                .get(20, TimeUnit.SECONDS)
                                .offset())
                        .isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void consumersMayNotWriteTheVaultsTopics() {
        for (String principal : List.of("audit", "notification", "reporting")) {
            try (KafkaProducer<String, String> producer = KafkaClients.producer(principal)) {
                assertThatThrownBy(() -> producer.send(
                                        new ProducerRecord<>(Topics.PHI_EVENTS, probeKey(), SYNTHETIC_VALUE))
                                .get(20, TimeUnit.SECONDS))
                        .as(principal)
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void consumerReadsWithItsOwnGroup() {
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer("reporting", "reporting")) {
            consumer.subscribe(List.of(Topics.PHI_EVENTS));
            consumer.poll(Duration.ofSeconds(5));
            assertThat(consumer.assignment()).isNotEmpty();
        }
    }

    @Test
    void consumerMayNotUseAnotherServicesGroup() {
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer("reporting", "audit")) {
            consumer.subscribe(List.of(Topics.PHI_EVENTS));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void onlyAuditReadsAccessEvents() {
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer("reporting", "reporting")) {
            consumer.subscribe(List.of(Topics.PHI_ACCESS));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void servicesMayNotCreateTopics() {
        try (Admin admin = KafkaClients.admin("phi-vault")) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("rogue." + probeKey(), 1, (short) 1)))
                            .all()
                            .get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
        }
    }

    @Test
    void clientWithoutCertificateIsRefused() {
        try (Admin admin = Admin.create(KafkaClients.withoutCertificate())) {
            assertThatThrownBy(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    private static String probeKey() {
        return "acl-probe-" + UUID.randomUUID();
    }
}
