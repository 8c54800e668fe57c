package io.phylax.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.phylax.testkit.StackParts;

/**
 * The Kafka broker killed (SIGKILL) during a steady write load and started again after the outage: the vault keeps
 * acknowledging writes into its outbox, the outbox drains once the broker is back, and the audit log ends up with
 * every acknowledged write exactly once. Each stream's order across the outage is the disabled test: an open defect.
 */
class KafkaBrokerOutageIT {

    @AfterEach
    void restore() {
        Stack.restoreEverything();
    }

    @Test
    void writesAreAcknowledgedDuringABrokerOutageAndAuditedExactlyOnceInStreamOrderAfterIt() {
        Outage outage = writeThroughABrokerOutage();
        Expectations.auditHoldsEachWriteOnceInStreamOrder(outage.load().acknowledged());
        Stack.report("kafka broker killed", outage.load(), outage.ended());
    }

    /** The load, and when the broker was back. */
    private record Outage(WriteLoad load, Instant ended) {}

    /** Writes through a broker outage; checks the answers, the acknowledgements during it and the outbox's drain. */
    private static Outage writeThroughABrokerOutage() {
        WriteLoad load = WriteLoad.patients(Stack.clinician());
        Instant faultEnded;
        int beforeOutage;
        int afterOutage;
        try (load) {
            load.runFor(FaultPlan.steadyLoad());
            StackParts.kill("kafka");
            beforeOutage = load.acknowledged().size();
            load.runFor(FaultPlan.outage());
            afterOutage = load.acknowledged().size();
            StackParts.restartInfrastructure();
            faultEnded = Instant.now();
            load.runFor(FaultPlan.steadyLoad());
        }

        Expectations.everyAnswerWasAnAcknowledgementOrACleanRefusal(load);
        // The outbox decouples writes from the broker: the API went on acknowledging while it was down.
        assertThat(afterOutage)
                .as("writes acknowledged while the broker was down")
                .isGreaterThan(beforeOutage);
        List<UUID> eventIds = Expectations.storedEventIds(load.acknowledged());
        Expectations.outboxDrains(eventIds);
        return new Outage(load, faultEnded);
    }
}
