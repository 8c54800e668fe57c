package io.phylax.testkit;

import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka clients that connect to the stack's broker over mTLS as a given principal (its certificate). */
public final class KafkaClients {

    /** The vault publishes in Kafka transactions (ADR 0092): readers see what it committed, as the services do. */
    private static final String READ_COMMITTED = "read_committed";

    private KafkaClients() {}

    /** Connection settings for a principal: {@code phi-vault}, {@code audit}, ..., or {@code kafka-admin}. */
    public static Properties as(String principal) {
        Properties props = withoutCertificate();
        LocalStack stack = LocalStack.get();
        props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
        props.put(
                SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
                stack.keystore(principal).toString());
        props.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, stack.storePassword());
        props.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, stack.storePassword());
        return props;
    }

    /** TLS settings that trust the broker but present no client certificate. */
    public static Properties withoutCertificate() {
        LocalStack stack = LocalStack.get();
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, stack.truststore().toString());
        props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, stack.storePassword());
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        return props;
    }

    public static Admin admin(String principal) {
        return Admin.create(as(principal));
    }

    /** A string producer; idempotence off so an ACL refusal surfaces as a topic authorization error. */
    public static KafkaProducer<String, String> producer(String principal) {
        Properties props = as(principal);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public static KafkaConsumer<String, String> consumer(String principal, String group) {
        Properties props = as(principal);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, READ_COMMITTED);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * A byte-array consumer without a group, for partitions it assigns itself (it commits nothing): a test reading a
     * topic as the services see it (committed transactions only), events as the services' codec decodes them.
     */
    public static KafkaConsumer<String, byte[]> bytesConsumer(String principal) {
        Properties props = as(principal);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, READ_COMMITTED);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
