package io.phylax.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.phylax.contract.EventCodec;
import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.Topics;
import io.phylax.testkit.Databases;
import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.GreenMail;
import io.phylax.testkit.KafkaClients;
import io.phylax.testkit.StackParts;
import io.phylax.testkit.Tokens;

/**
 * Two replicas of every service against the same stack (the stack's own four and a second of each started by
 * {@code stack replica start}), writes through both vaults, then one of each killed mid-load (see {@link #KILLED}):
 * every acknowledged write's reference event is on
 * the topic exactly once and in each stream's version order, the audit log and the reporting service took each once,
 * each care-team message got one e-mail, and one replica alone holds the relay's once-per-cluster lock.
 */
class TwoReplicasIT {

    private static final List<String> SERVICES = List.of("phi-vault", "audit", "notification", "reporting");
    private static final String MESSAGE_ID_DOMAIN = "notification.phylax.local";
    /** The outbox relay's advisory lock key (OutboxRelay.LEADER_LOCK), as pg_locks splits a bigint key. */
    private static final long RELAY_LOCK_HIGH = 0x7068796cL;

    private static final long RELAY_LOCK_LOW = 0x61780001L;
    /**
     * The one of each killed: the stack's own vault, audit and reporting (started first, the vault most likely holds
     * the relay's lock), and the notification replica, whose claims lapse after its short lease instead of the
     * production 3 minutes (with its longest retry pause, the only settings the replicas do not share).
     */
    private static final List<String> KILLED = List.of("phi-vault", "audit", "reporting", "notification-replica");

    private static final Duration REPLICA_LEASE = Duration.ofSeconds(20);

    private static final Duration REPLICA_MAX_BACKOFF = Duration.ofSeconds(5);

    @AfterEach
    void restore() {
        // The stack's own services first (the replicas still run), then the replicas go, always.
        try {
            Stack.restoreEverything();
        } finally {
            StackParts.stopReplicas(SERVICES);
        }
    }

    @Test
    void twoReplicasOfEachServiceWithOneKilledPublishAndConsumeEveryWriteExactlyOnce() throws Exception {
        // The lease must outlast the longest retry pause (the service refuses to deliver otherwise): both shortened.
        String replicaVault = StackParts.startReplicas(
                        SERVICES,
                        Map.of(
                                "phylax.notification.delivery.lease", REPLICA_LEASE.toString(),
                                "phylax.notification.delivery.max-backoff", REPLICA_MAX_BACKOFF.toString()))
                .getFirst();
        String token = Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, "clinician"));
        Instant started = Instant.now();
        WriteLoad ownLoad = WriteLoad.patientsWithMessages(Stack.clinician());
        WriteLoad replicaLoad = WriteLoad.patientsWithMessages(new VaultApi(replicaVault, token));
        Instant killed;
        try (ownLoad;
                replicaLoad) {
            // Both vaults write; the consumer groups spread the partitions over both replicas of each consumer.
            ownLoad.runFor(FaultPlan.steadyLoad());
            for (String part : KILLED) {
                StackParts.kill(part);
            }
            killed = Instant.now();
            replicaLoad.runFor(FaultPlan.steadyLoad());
        }
        // The stack's own killed ones restarted, as an orchestrator would: the notification services look contacts
        // up at the stack's own vault's mTLS port, so their deliveries wait (retrying) until it is back.
        StackParts.restartServices();

        // The surviving vault answered every write cleanly; the killed one's calls in flight may have gone unanswered.
        Expectations.everyAnswerWasAnAcknowledgementOrACleanRefusal(replicaLoad);
        List<WriteLoad.Write> writes = Stream.concat(
                        ownLoad.acknowledged().stream(), replicaLoad.acknowledged().stream())
                .toList();
        List<UUID> eventIds = Expectations.storedEventIds(writes);
        Expectations.outboxDrains(eventIds);

        // Read after the outbox drained: every acknowledged write's event has been sent by then.
        List<ReferenceEvent> topic = referenceEventsSince(started.minusSeconds(10));
        Map<UUID, Integer> publications = new HashMap<>();
        Set<UUID> streams = new HashSet<>();
        writes.forEach(w -> streams.add(w.stream()));
        Map<UUID, List<Long>> topicOrder = new HashMap<>();
        for (ReferenceEvent event : topic) {
            publications.merge(event.eventId(), 1, Integer::sum);
            if (streams.contains(event.streamId())) {
                topicOrder
                        .computeIfAbsent(event.streamId(), k -> new ArrayList<>())
                        .add(event.version());
            }
        }
        for (int i = 0; i < writes.size(); i++) {
            assertThat(publications.getOrDefault(eventIds.get(i), 0))
                    .as("publications of event %s (%s)", eventIds.get(i), writes.get(i))
                    .isEqualTo(1);
        }
        // A stream's events share a key, so one partition: topic order is their order.
        topicOrder.forEach((stream, versions) -> assertThat(versions)
                .as("versions of stream %s in topic order", stream)
                .isSorted()
                .doesNotHaveDuplicates());

        Expectations.auditHoldsEachWriteOnceInStreamOrder(writes);
        Eventually.within(
                FaultPlan.catchUp(),
                "the reporting service to count " + eventIds.size() + " events",
                () -> Optional.of(Ledgers.reported(eventIds)).filter(n -> n == eventIds.size()));

        int copies = 0;
        int undelivered = 0;
        for (int i = 0; i < writes.size(); i++) {
            WriteLoad.Write write = writes.get(i);
            if (!write.message()) {
                continue;
            }
            UUID eventId = eventIds.get(i);
            String status = Eventually.within(
                    Duration.ofMinutes(4),
                    "the delivery of event " + eventId + " to settle",
                    () -> Ledgers.delivery(eventId).filter(s -> !s.equals("PENDING")));
            List<String> mails = GreenMail.messagesTo(write.mailbox()).stream()
                    .map(GreenMail.Mail::messageId)
                    .toList();
            String expected = "<" + eventId + "@" + MESSAGE_ID_DOMAIN + ">";
            // Every copy carries the event's Message-ID; a second copy is ADR 0040's window after a kill: counted.
            assertThat(mails).as("e-mails for event %s", eventId).allMatch(expected::equals);
            if (status.equals("SENT")) {
                assertThat(mails).as("e-mails for sent event %s", eventId).isNotEmpty();
                copies += mails.size() - 1;
            } else {
                undelivered++;
            }
        }

        assertThat(relayLockHolders())
                .as("sessions holding the outbox relay's once-per-cluster lock")
                .isEqualTo(1);
        System.out.printf(
                "[faults] two replicas, one of each killed: %d + %d writes acknowledged (answers %s / %s),"
                        + " %d second e-mail copies, %d not delivered, caught up %d s after the kill%n",
                ownLoad.acknowledged().size(),
                replicaLoad.acknowledged().size(),
                ownLoad.statuses(),
                replicaLoad.statuses(),
                copies,
                undelivered,
                Duration.between(killed, Instant.now()).toSeconds());
    }

    /** Every reference event on the topic from {@code since} to its current end, partition by partition. */
    private static List<ReferenceEvent> referenceEventsSince(Instant since) {
        List<ReferenceEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.bytesConsumer("kafka-admin")) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PHI_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(p -> at.put(p, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(at);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = from.get(partition);
                consumer.seek(partition, offset == null ? end.get(partition) : offset.offset());
            }
            Instant deadline = Instant.now().plus(FaultPlan.catchUp());
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the topic was not read to its end within " + FaultPlan.catchUp());
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        events.add(EventCodec.decodeReference(record.value()));
                    }
                }
            }
        }
        return events;
    }

    /** Sessions holding the outbox relay's advisory lock (pg_locks shows every session's locks to any role). */
    private static long relayLockHolders() throws SQLException {
        try (Connection db = Databases.connectAsOwner("phi-vault");
                Statement query = db.createStatement();
                ResultSet row = query.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND granted AND objsubid = 1 AND classid = " + RELAY_LOCK_HIGH + " AND objid = "
                        + RELAY_LOCK_LOW)) {
            row.next();
            return row.getLong(1);
        }
    }
}
