package io.phylax.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.phylax.testkit.Eventually;

/** The checks several faults share: what must hold of every acknowledged write once the stack has caught up. */
final class Expectations {

    private Expectations() {}

    /** No 500, no 502, no call left unanswered: every write was acknowledged or refused with a 503. */
    static void everyAnswerWasAnAcknowledgementOrACleanRefusal(WriteLoad load) {
        assertThat(load.uncleanAnswers())
                .as("answers other than 200/201/503 (all answers: %s)", load.statuses())
                .isEmpty();
        assertThat(load.acknowledged()).as("acknowledged writes").isNotEmpty();
    }

    /** The vault's event ids of every acknowledged write, failing if one is not in the event store. */
    static List<UUID> storedEventIds(List<WriteLoad.Write> writes) {
        List<UUID> ids = new ArrayList<>();
        for (WriteLoad.Write write : writes) {
            ids.add(Ledgers.eventId(write.stream(), write.version())
                    .orElseThrow(() -> new AssertionError("acknowledged write not stored: " + write)));
        }
        return ids;
    }

    /** Every acknowledged write's outbox row is published within the catch-up time. */
    static void outboxDrains(List<UUID> eventIds) {
        Eventually.within(
                FaultPlan.catchUp(),
                "the outbox to publish " + eventIds.size() + " events",
                () -> Optional.of(Ledgers.unpublished(eventIds)).filter(n -> n == 0));
    }

    /** The audit log holds each acknowledged write of each stream exactly once, in version order. */
    static void auditHoldsEachWriteOnceInStreamOrder(List<WriteLoad.Write> writes) {
        Map<UUID, List<Long>> expected = new LinkedHashMap<>();
        for (WriteLoad.Write write : writes) {
            expected.computeIfAbsent(write.stream(), s -> new ArrayList<>()).add(write.version());
        }
        expected.values().forEach(versions -> versions.sort(Long::compare));
        for (Map.Entry<UUID, List<Long>> stream : expected.entrySet()) {
            List<Long> audited = Eventually.within(
                    FaultPlan.catchUp(),
                    "the audit log to hold versions " + stream.getValue() + " of stream " + stream.getKey(),
                    () -> Optional.of(Ledgers.auditedVersions(stream.getKey()))
                            .filter(v -> v.size() >= stream.getValue().size()));
            assertThat(audited)
                    .as("audited versions of stream %s, in audit order", stream.getKey())
                    .isEqualTo(stream.getValue());
        }
    }
}
