package io.phylax.reporting.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.phylax.contract.ReferenceEvents;
import io.phylax.reporting.messaging.ReferenceEventConsumer;
import io.phylax.testkit.Databases;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/** A database failure is not the message's fault: the event waits and is counted once storage works again. */
@QuarkusTest
@TestProfile(FastRetryProfile.class)
class StorageOutageIT {

    @Inject
    KafkaClientService kafka;

    @Test
    void aFailedCountIsRetriedUntilItCommitsNeitherDroppedNorDeadLettered() throws SQLException {
        String tenant = DeadLetterIT.freshTenant();
        // Another reporting instance (`make run`) may share the group: send to a partition this one consumes.
        int partition = ownPartition();
        // The application runs in this JVM: its consumer's log tells when an attempt has really failed.
        FailedAttempts failedAttempts = new FailedAttempts();
        Logger consumerLog = Logger.getLogger(ReferenceEventConsumer.class.getName());
        consumerLog.addHandler(failedAttempts);
        try (Connection owner = Databases.connectAsOwner("reporting");
                Statement st = owner.createStatement()) {
            // Staged fault: the runtime role may no longer record processed events, so every attempt fails.
            st.execute("REVOKE INSERT ON processed_event FROM reporting");
            try {
                PhiEvents.publishTo(
                        partition,
                        ReferenceEvents.aRecordAdded()
                                .withEventId(UUID.randomUUID())
                                .withTenant(tenant)
                                .withSubjectId(UUID.randomUUID())
                                .build());

                Eventually.await("two failed attempts to count", failedAttempts::count, n -> n >= 2);
                assertThat(ReportingDatabase.count(tenant, "RecordAdded")).isZero();
            } finally {
                st.execute("GRANT INSERT ON processed_event TO reporting");
            }
        } finally {
            consumerLog.removeHandler(failedAttempts);
        }

        // Counted exactly once: not acknowledged while failing, and not dead-lettered (it would not be counted).
        Eventually.await(
                "the event counted once storage works again",
                () -> ReportingDatabase.count(tenant, "RecordAdded"),
                count -> count == 1);
    }

    /** A partition of phi.events.v1 assigned to this application's consumer, once it has one. */
    private int ownPartition() {
        Set<TopicPartition> assigned = Eventually.await(
                "partitions assigned to this application's consumer",
                () -> kafka.getConsumer(ReferenceEventConsumer.CHANNEL)
                        .getAssignments()
                        .await()
                        .atMost(Duration.ofSeconds(10)),
                partitions -> !partitions.isEmpty());
        return assigned.iterator().next().partition();
    }

    /** Counts the consumer's "could not store" warnings. */
    private static final class FailedAttempts extends Handler {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public void publish(LogRecord record) {
            if (record.getMessage() != null && record.getMessage().startsWith("could not store")) {
                count.incrementAndGet();
            }
        }

        int count() {
            return count.get();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
