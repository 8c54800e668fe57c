package io.phylax.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.phylax.testkit.StackParts;

/**
 * PostgreSQL stopped (fast shutdown) and started again during a steady write load: each write is acknowledged only
 * if it committed, with its event and exactly one outbox row; the database never holds an outbox row for an event it
 * does not hold; the services come back ready without a restart.
 */
class PostgresRestartIT {

    @AfterEach
    void restore() {
        Stack.restoreEverything();
    }

    @Test
    void everyAcknowledgedWriteIsStoredWithExactlyOneOutboxRowAcrossADatabaseRestart() {
        Outage outage = writeThroughADatabaseRestart();
        WriteLoad load = outage.load();

        // None may go unanswered or hang; that refusals are clean 503s is the test below.
        assertThat(load.statuses()).as("answers").doesNotContainKey(VaultApi.NO_ANSWER);
        assertThat(load.acknowledged()).as("acknowledged writes").isNotEmpty();
        List<UUID> eventIds = Expectations.storedEventIds(load.acknowledged());
        Map<UUID, Long> outboxRows = Ledgers.outboxRows(eventIds);
        for (UUID eventId : eventIds) {
            assertThat(outboxRows.getOrDefault(eventId, 0L))
                    .as("outbox rows of event %s", eventId)
                    .isEqualTo(1);
        }
        assertThat(Ledgers.orphanOutboxRows(load.started()))
                .as("outbox rows without their event")
                .isZero();
        Expectations.outboxDrains(eventIds);
        // Every service reconnects by itself: none needs a restart after the database is back.
        Stack.awaitServicesReady();
        Stack.report("postgres stopped", load, outage.ended());
    }

    @Test
    void writesAreRefusedWith503WhileTheDatabaseIsDown() {
        Outage outage = writeThroughADatabaseRestart();
        Expectations.everyAnswerWasAnAcknowledgementOrACleanRefusal(outage.load());
        assertThat(outage.load().statuses())
                .as("writes refused while the database was down")
                .containsKey(503);
    }

    /** The load, and when the database was back. */
    private record Outage(WriteLoad load, Instant ended) {}

    private static Outage writeThroughADatabaseRestart() {
        WriteLoad load = WriteLoad.patients(Stack.clinician());
        Instant ended;
        try (load) {
            load.runFor(FaultPlan.steadyLoad());
            StackParts.stopPostgres();
            load.runFor(FaultPlan.outage());
            StackParts.restartInfrastructure();
            ended = Instant.now();
            load.runFor(FaultPlan.steadyLoad());
        }
        return new Outage(load, ended);
    }
}
