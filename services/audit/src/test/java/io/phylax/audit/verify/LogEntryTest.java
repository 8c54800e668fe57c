package io.phylax.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The canonical encoding the leaf and chain hashes cover: unambiguous, and stable through storage. */
class LogEntryTest {

    private static final UUID EVENT = UUID.fromString("c7f1a2d3-4e5b-4c6d-8e7f-9a0b1c2d3e40");
    private static final Instant AT = Instant.parse("2025-03-14T09:26:53.589123Z");

    @Test
    void movingTextBetweenAdjacentFieldsChangesTheEncoding() {
        LogEntry one = access("ab", "c");
        LogEntry other = access("a", "bc");
        assertThat(one.canonical()).isNotEqualTo(other.canonical());
    }

    @Test
    void anAbsentFieldEncodesDifferentlyFromAnEmptyOne() {
        assertThat(access("x", null).canonical()).isNotEqualTo(access("x", "").canonical());
    }

    @Test
    void timesAreKeptToTheMicrosecondAsTheDatabaseStoresThem() {
        LogEntry nanos = entryAt(Instant.parse("2025-03-14T09:26:53.589123456Z"));
        LogEntry micros = entryAt(Instant.parse("2025-03-14T09:26:53.589123Z"));
        assertThat(nanos.occurredAt()).isEqualTo(micros.occurredAt());
        assertThat(nanos.canonical()).isEqualTo(micros.canonical());
        assertThat(entryAt(Instant.parse("2025-03-14T09:26:53.589124Z")).canonical())
                .isNotEqualTo(micros.canonical());
    }

    @Test
    void theSequenceNumberIsPartOfTheEntry() {
        LogEntry at3 = access("a", "b");
        LogEntry at4 = new LogEntry(
                4,
                EVENT,
                "access",
                "clinic-a",
                null,
                null,
                null,
                null,
                null,
                "http://issuer",
                "a",
                "b",
                "READ",
                "ALLOWED",
                null,
                AT,
                "req-1",
                AT);
        assertThat(at3.leafHash()).isNotEqualTo(at4.leafHash());
    }

    @Test
    void refusesAnUnknownKind() {
        assertThatThrownBy(() -> new LogEntry(
                        0,
                        EVENT,
                        "other",
                        "clinic-a",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        "READ",
                        null,
                        null,
                        AT,
                        "req-1",
                        AT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static LogEntry access(String actorSubject, String actorClient) {
        return new LogEntry(
                3,
                EVENT,
                "access",
                "clinic-a",
                null,
                null,
                null,
                null,
                null,
                "http://issuer",
                actorSubject,
                actorClient,
                "READ",
                "ALLOWED",
                null,
                AT,
                "req-1",
                AT);
    }

    private static LogEntry entryAt(Instant occurredAt) {
        return new LogEntry(
                3,
                EVENT,
                "access",
                "clinic-a",
                null,
                null,
                null,
                null,
                null,
                "http://issuer",
                "a",
                "b",
                "READ",
                "ALLOWED",
                null,
                occurredAt,
                "req-1",
                AT);
    }
}
