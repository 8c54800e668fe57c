package io.phylax.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

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
        Map<String, UUID> stored =
                Ledgers.eventIds(writes.stream().map(WriteLoad.Write::stream).collect(Collectors.toSet()));
        List<UUID> ids = new ArrayList<>();
        for (WriteLoad.Write write : writes) {
            UUID id = stored.get(write.stream() + "/" + write.version());
            if (id == null) {
                throw new AssertionError("acknowledged write not stored: " + write);
            }
            ids.add(id);
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
        assertThat(auditHoldsEachWriteOnce(writes))
                .as("streams whose versions the audit log stored out of order")
                .isEmpty();
    }

    /**
     * The audit log holds each acknowledged write of each stream exactly once (in any order); returns the streams
     * whose versions it stored out of version order, with the order it stored them in.
     */
    static Map<UUID, List<Long>> auditHoldsEachWriteOnce(List<WriteLoad.Write> writes) {
        Map<UUID, List<Long>> expected = new LinkedHashMap<>();
        for (WriteLoad.Write write : writes) {
            expected.computeIfAbsent(write.stream(), s -> new ArrayList<>()).add(write.version());
        }
        expected.values().forEach(versions -> versions.sort(Long::compare));
        int total = writes.size();
        // One query per poll for every stream (not one per stream): the check of thousands of writes stays seconds.
        Map<UUID, List<Long>> audited = Eventually.within(
                FaultPlan.catchUp(),
                "the audit log to hold " + total + " writes of " + expected.size() + " streams",
                () -> Optional.of(Ledgers.auditedVersions(expected.keySet()))
                        .filter(found ->
                                found.values().stream().mapToInt(List::size).sum() >= total));
        Map<UUID, List<Long>> outOfOrder = new LinkedHashMap<>();
        for (Map.Entry<UUID, List<Long>> stream : expected.entrySet()) {
            List<Long> stored = audited.getOrDefault(stream.getKey(), List.of());
            assertThat(stored.stream().sorted().toList())
                    .as("audited versions of stream %s (exactly once each)", stream.getKey())
                    .isEqualTo(stream.getValue());
            if (!stored.equals(stream.getValue())) {
                outOfOrder.put(stream.getKey(), stored);
            }
        }
        return outOfOrder;
    }
}
