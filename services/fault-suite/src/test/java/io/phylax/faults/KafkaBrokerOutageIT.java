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
 * every acknowledged write exactly once, in each stream's order.
 */
class KafkaBrokerOutageIT {

    @AfterEach
    void restore() {
        Stack.restoreEverything();
    }

    @Test
    void writesAreAcknowledgedDuringABrokerOutageAndAuditedOnceInOrderAfterIt() {
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
        Expectations.auditHoldsEachWriteOnceInStreamOrder(load.acknowledged());
        Stack.report("kafka broker killed", load, faultEnded);
    }
}
