package io.phylax.vault.adapter.out.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.phylax.vault.config.VaultConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes the outbox to Kafka after commit. Exactly one replica publishes at a time: the one holding a
 * PostgreSQL advisory lock on its own connection (released when that connection or replica dies). Each round is
 * one Kafka transaction (ADR 0092): the oldest unpublished message of each key, in outbox order, keyed by subject,
 * and a record of their event ids on the relay's position topic; the rows are marked after the commit. A round
 * that fails is aborted and sent again. A replica taking over first fences the last leader's producer (same
 * transactional id), then marks the rows named by the last committed position record, so a leader killed between
 * commit and mark causes no second publication. While the broker is away, writes go on committing into the outbox,
 * which drains when it returns.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Advisory lock key shared by all vault replicas: one publisher per database. */
    static final long LEADER_LOCK = 0x7068796c_61780001L;

    /**
     * The oldest unpublished message of each topic and key, in outbox order. At most one message per key is in
     * flight: if a send fails (broker away) the producer may still deliver a later one it already holds, and
     * with two messages of one subject in a round that later one would land before the earlier one's retry. A
     * subject's next message goes in the next round, which starts at once after a non-empty one.
     */
    private static final String NEXT_BATCH = "SELECT id, event_id, topic, message_key, payload, trace_parent FROM"
            + " (SELECT DISTINCT ON (topic, message_key) id, event_id, topic, message_key, payload, trace_parent"
            + " FROM outbox WHERE published_at IS NULL ORDER BY topic, message_key, id) oldest"
            + " ORDER BY id LIMIT $1";
    /** Seconds since the oldest committed, unpublished message was written; 0 when the outbox is drained. */
    private static final String LAG = "SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)"
            + " FROM outbox WHERE published_at IS NULL";

    private static final String TRACE_HEADER = "traceparent";
    private static final long LAG_PERIOD_MS = 5_000;
    private static final String MARK_PUBLISHED = "UPDATE outbox SET published_at = now() WHERE id = ANY($1)";
    /** Rows the last leader's committed transaction published, by event id (ADR 0092). */
    private static final String MARK_COMMITTED_EVENTS =
            "UPDATE outbox SET published_at = now() WHERE event_id = ANY($1) AND published_at IS NULL";

    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(15);

    private final Pool pool;
    private final Vertx vertx;
    private final VaultConfig.Outbox settings;
    private final Map<String, Object> kafkaConfig;
    private final AtomicBoolean running = new AtomicBoolean();

    private volatile KafkaProducer<String, byte[]> producer;
    private volatile SqlConnection leaderConnection;
    /** Whether this leadership term's producer is initialised and the last leader's position applied. */
    private volatile boolean reconciled;

    private volatile long published;
    private volatile double lagSeconds;

    @Inject
    public OutboxRelay(
            Pool pool,
            Vertx vertx,
            VaultConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.settings = config.outbox();
        this.kafkaConfig = kafkaConfig;
        // phylax_vault_outbox_lag_seconds (ADR 0052): every replica measures it, whichever one publishes.
        Gauge.builder("phylax_vault_outbox_lag_seconds", this, relay -> relay.lagSeconds)
                .description("Age of the oldest committed, unpublished outbox message")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(LAG_PERIOD_MS, id -> measureLag());
        if (!settings.enabled()) {
            LOG.info("outbox relay disabled on this replica");
            return;
        }
        running.set(true);
        schedule(Duration.ZERO);
    }

    void stop(@Observes ShutdownEvent event) {
        running.set(false);
        closeProducer(Duration.ofSeconds(5));
        SqlConnection connection = leaderConnection;
        if (connection != null) {
            connection.closeAndForget();
        }
    }

    private void measureLag() {
        pool.query(LAG)
                .execute()
                .subscribe()
                .with(
                        rows -> lagSeconds = rows.iterator().next().getDouble(0),
                        error -> LOG.debugf(
                                "outbox lag not measured: %s", error.getClass().getSimpleName()));
    }

    /** Messages this replica has published since it started. */
    public long published() {
        return published;
    }

    /** Whether this replica currently holds the publishing lock. */
    public boolean leader() {
        return leaderConnection != null;
    }

    /** Only connection settings from the shared kafka.* block; the rest is the relay's own. */
    private Map<String, Object> connectionConfig() {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (key.startsWith("bootstrap.") || key.startsWith("security.") || key.startsWith("ssl.")) {
                config.put(key, value);
            }
        });
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = connectionConfig();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "phi-vault-outbox-relay");
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        // A leader killed mid-transaction holds back read_committed consumers until its transaction is aborted:
        // at once by the replica that takes over, else by the coordinator after this time-out.
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        return config;
    }

    /** Reads the position topic as it is committed, without a group (it commits nothing). */
    private Map<String, Object> positionReaderConfig() {
        Map<String, Object> config = connectionConfig();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "phi-vault-outbox-relay-position");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) POSITION_TIMEOUT.toMillis());
        return config;
    }

    private void schedule(Duration delay) {
        if (!running.get()) {
            return;
        }
        if (delay.isZero()) {
            vertx.runOnContext(this::round);
        } else {
            vertx.setTimer(delay.toMillis(), id -> round());
        }
    }

    private void round() {
        if (!running.get()) {
            return;
        }
        leadership()
                .flatMap(connection -> connection == null
                        ? Uni.createFrom().item(-1)
                        : reconcile(connection).flatMap(ignored -> publishBatch(connection)))
                .subscribe()
                .with(
                        // A non-empty round may have held back later messages of its keys: go again at once.
                        count -> schedule(count > 0 ? Duration.ZERO : settings.idleDelay()),
                        error -> {
                            LOG.warnf(
                                    "outbox relay round failed (%s); retrying in %s",
                                    error.getClass().getSimpleName(), settings.retryDelay());
                            schedule(settings.retryDelay());
                        });
    }

    /** The connection holding the publishing lock, or null while another replica holds it. */
    private Uni<SqlConnection> leadership() {
        SqlConnection held = leaderConnection;
        if (held != null) {
            return Uni.createFrom().item(held);
        }
        return pool.getConnection()
                .flatMap(connection -> connection
                        .preparedQuery("SELECT pg_try_advisory_lock($1)")
                        .execute(Tuple.of(LEADER_LOCK))
                        .map(rows -> {
                            if (rows.iterator().next().getBoolean(0)) {
                                connection.closeHandler(() -> leaderConnection = null);
                                reconciled = false;
                                leaderConnection = connection;
                                LOG.info("this replica now publishes the outbox");
                                return connection;
                            }
                            connection.closeAndForget();
                            return null;
                        }));
    }

    private Uni<Integer> publishBatch(SqlConnection connection) {
        return connection
                .preparedQuery(NEXT_BATCH)
                .execute(Tuple.of(settings.batchSize()))
                .onFailure()
                .invoke(() -> dropLeadership(connection))
                .flatMap(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    // The producer may block while the broker is away: keep that off the event loop.
                    return vertx.executeBlocking(() -> sendInTransaction(batch))
                            .onFailure(ProducerFencedException.class)
                            .invoke(() -> dropLeadership(connection))
                            .flatMap(committed -> mark(connection, batch).map(marked -> batch.size()));
                });
    }

    /**
     * Starts this leadership term: a new transactional producer (its initialisation fences any other replica's
     * producer and aborts that one's open transaction), then marks what the last committed transaction published.
     */
    private Uni<Void> reconcile(SqlConnection connection) {
        if (reconciled) {
            return Uni.createFrom().voidItem();
        }
        return vertx.executeBlocking(this::openProducer).flatMap(eventIds -> {
            if (eventIds.isEmpty()) {
                reconciled = true;
                return Uni.createFrom().voidItem();
            }
            return connection
                    .preparedQuery(MARK_COMMITTED_EVENTS)
                    .execute(Tuple.of(eventIds.toArray(UUID[]::new)))
                    .onFailure()
                    .invoke(() -> dropLeadership(connection))
                    .map(rows -> {
                        if (rows.rowCount() > 0) {
                            LOG.infof(
                                    "marked %d outbox messages the last leader published but had not marked",
                                    rows.rowCount());
                        }
                        reconciled = true;
                        return null;
                    });
        });
    }

    private List<UUID> openProducer() throws TimeoutException {
        closeProducer(Duration.ZERO);
        KafkaProducer<String, byte[]> fresh =
                new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
        try {
            fresh.initTransactions();
            List<UUID> lastCommitted;
            try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(
                    positionReaderConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
                lastCommitted = RelayPosition.lastCommitted(reader, settings.positionTopic(), POSITION_TIMEOUT);
            }
            producer = fresh;
            return lastCommitted;
        } catch (RuntimeException | TimeoutException e) {
            fresh.close(Duration.ZERO);
            throw e;
        }
    }

    private void closeProducer(Duration timeout) {
        KafkaProducer<String, byte[]> current = producer;
        producer = null;
        if (current != null) {
            current.close(timeout);
        }
    }

    /**
     * Sends a batch (one message per key) and its position record in one transaction. Any failure aborts it: the
     * producer is closed, and the next round starts a new one (whose initialisation aborts what is still open)
     * and sends the batch again. Nothing of an aborted transaction reaches a read_committed consumer.
     */
    private Void sendInTransaction(List<Row> batch) {
        KafkaProducer<String, byte[]> current = producer;
        if (current == null) {
            throw new IllegalStateException("outbox relay has no producer");
        }
        try {
            current.beginTransaction();
            List<UUID> eventIds = new ArrayList<>(batch.size());
            for (Row row : batch) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                        row.getString("topic"),
                        row.getString("message_key"),
                        row.getBuffer("payload").getBytes());
                String traceParent = row.getString("trace_parent");
                if (traceParent != null) {
                    // Consumers continue the writing request's trace from this header (W3C trace context).
                    record.headers().add(TRACE_HEADER, traceParent.getBytes(StandardCharsets.US_ASCII));
                }
                current.send(record);
                eventIds.add(row.getUUID("event_id"));
            }
            current.send(
                    new ProducerRecord<>(settings.positionTopic(), RelayPosition.KEY, RelayPosition.encode(eventIds)));
            // Flushes every send; throws (and commits nothing) if any of them failed.
            current.commitTransaction();
            return null;
        } catch (RuntimeException e) {
            reconciled = false;
            closeProducer(Duration.ZERO);
            throw e;
        }
    }

    private Uni<Integer> mark(SqlConnection connection, List<Row> done) {
        if (done.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Long[] ids = done.stream().map(row -> row.getLong("id")).toArray(Long[]::new);
        return connection
                .preparedQuery(MARK_PUBLISHED)
                .execute(Tuple.of(ids))
                .onFailure()
                .invoke(() -> dropLeadership(connection))
                .map(rows -> {
                    published += done.size();
                    return rows.rowCount();
                });
    }

    /**
     * Gives up publishing after a failed query. Closing a pooled connection returns it to the pool rather
     * than ending the session, so the lock is released explicitly first; if the session is gone, so is the lock.
     */
    private void dropLeadership(SqlConnection connection) {
        if (leaderConnection == connection) {
            leaderConnection = null;
        }
        connection
                .query("SELECT pg_advisory_unlock_all()")
                .execute()
                .onItemOrFailure()
                .call((rows, error) -> connection.close())
                .subscribe()
                .with(ignored -> {}, error -> LOG.debugf("leader connection already gone: %s", error.getClass()));
    }
}
