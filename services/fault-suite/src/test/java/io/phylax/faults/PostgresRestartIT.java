package io.phylax.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
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

        // Refused writes are not yet all clean (see the disabled test below); none may go unanswered or hang.
        assertThat(load.statuses()).as("answers").doesNotContainKey(VaultApi.NO_ANSWER);
        assertThat(load.acknowledged()).as("acknowledged writes").isNotEmpty();
        List<UUID> eventIds = Expectations.storedEventIds(load.acknowledged());
        for (UUID eventId : eventIds) {
            assertThat(Ledgers.outboxRows(eventId))
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
    @Disabled("Known defect found by this suite (ADR 0091): with PostgreSQL down the vault answers 500, because"
            + " trust-boundary's CommonProblemMapper maps the pool's connection exception to 500, not 503")
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
