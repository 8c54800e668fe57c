package io.phylax.audit.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.phylax.audit.application.port.out.AuditLogPort;
import io.phylax.audit.application.port.out.DeadLetterPort;
import io.phylax.audit.application.service.IngestCounters;
import io.phylax.audit.application.service.IngestService;
import io.phylax.audit.config.AuditConfig;
import io.phylax.audit.domain.ChainedEntry;
import io.phylax.audit.domain.EntryDraft;
import io.phylax.contract.AccessEvents;
import io.phylax.contract.EventCodec;
import io.phylax.contract.Topics;
import io.smallrye.mutiny.Uni;

/** A batch is stored once per event id, refused messages are dead-lettered, and nothing completes before both. */
class IngestServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final InMemoryLog log = new InMemoryLog();
    private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
    private final IngestCounters counters = new IngestCounters();
    private final IngestService ingest = new IngestService(log, deadLetters, counters, config());

    @Test
    void storesEachEventOnceAndDeadLettersWhatItRefuses() {
        byte[] read = access(UUID.randomUUID());
        byte[] alreadyStored = access(UUID.randomUUID());
        ingest.ingest(List.of(delivery(alreadyStored, 0))).await().atMost(PATIENCE);
        byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);

        IngestService.Report report = ingest.ingest(
                        List.of(delivery(read, 1), delivery(read, 2), delivery(alreadyStored, 3), delivery(poison, 4)))
                .await()
                .atMost(PATIENCE);

        assertThat(report).isEqualTo(new IngestService.Report(1, 2, 1));
        assertThat(log.ids).hasSize(2);
        assertThat(deadLetters.sent).singleElement().satisfies(letter -> {
            assertThat(letter.delivery().value()).isEqualTo(poison);
            assertThat(letter.delivery().offset()).isEqualTo(4);
            assertThat(letter.reason()).startsWith("event: ");
        });
        assertThat(counters.stored()).isEqualTo(2);
        assertThat(counters.duplicates()).isEqualTo(2);
        assertThat(counters.deadLettered()).isEqualTo(1);
    }

    @Test
    void aPassingDatabaseFailureIsRetried() {
        log.failuresLeft.set(2);

        IngestService.Report report = ingest.ingest(List.of(delivery(access(UUID.randomUUID()), 0)))
                .await()
                .atMost(PATIENCE);

        assertThat(report.stored()).isEqualTo(1);
        assertThat(log.attempts.get()).isEqualTo(3);
    }

    @Test
    void aLastingFailureReachesTheConsumerSoNothingIsAcknowledged() {
        log.failuresLeft.set(Integer.MAX_VALUE);

        assertThatThrownBy(() -> ingest.ingest(List.of(delivery(access(UUID.randomUUID()), 0)))
                        .await()
                        .atMost(PATIENCE))
                .isInstanceOf(IllegalStateException.class);
        assertThat(log.attempts.get()).isEqualTo(3);
        assertThat(counters.stored()).isZero();
    }

    @Test
    void aDeadLetterThatCannotBeSentFailsTheBatch() {
        deadLetters.failing = true;

        assertThatThrownBy(() -> ingest.ingest(List.of(delivery("[]".getBytes(StandardCharsets.UTF_8), 0)))
                        .await()
                        .atMost(PATIENCE))
                .isInstanceOf(IllegalStateException.class);
    }

    private static byte[] access(UUID id) {
        return EventCodec.encode(AccessEvents.aRead().withEventId(id).build());
    }

    private static Delivery delivery(byte[] value, long offset) {
        return new Delivery(Topics.PHI_ACCESS, 0, offset, null, value);
    }

    /** An append that deduplicates by id, and fails on demand. */
    private static final class InMemoryLog implements AuditLogPort {
        final Set<UUID> ids = new HashSet<>();
        final AtomicInteger failuresLeft = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public Uni<Appended> append(List<EntryDraft> drafts) {
            return Uni.createFrom().item(() -> {
                attempts.incrementAndGet();
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("database unavailable");
                }
                int stored = 0;
                for (EntryDraft draft : drafts) {
                    if (ids.add(draft.eventId())) {
                        stored++;
                    }
                }
                return new Appended(stored, drafts.size() - stored);
            });
        }

        @Override
        public Uni<List<ChainedEntry>> find(EntryQuery query) {
            return Uni.createFrom().item(List.of());
        }

        @Override
        public Uni<Optional<ChainedEntry>> entry(String tenant, long seq) {
            return Uni.createFrom().item(Optional.empty());
        }
    }

    private record Letter(Delivery delivery, String reason) {}

    private static final class RecordingDeadLetters implements DeadLetterPort {
        final List<Letter> sent = new ArrayList<>();
        volatile boolean failing;

        @Override
        public Uni<Void> deadLetter(Delivery delivery, String reason) {
            return Uni.createFrom().item(() -> {
                if (failing) {
                    throw new IllegalStateException("broker unavailable");
                }
                sent.add(new Letter(delivery, reason));
                return null;
            });
        }
    }

    private static AuditConfig config() {
        return new AuditConfig() {
            @Override
            public Period retention() {
                return Period.ofYears(6);
            }

            @Override
            public Signing signing() {
                return new Signing() {
                    @Override
                    public Path keystore() {
                        return Path.of("unused.p12");
                    }

                    @Override
                    public Path passphraseFile() {
                        return Path.of("unused");
                    }

                    @Override
                    public String alias() {
                        return "tree-signing";
                    }
                };
            }

            @Override
            public TreeHead treeHead() {
                return null;
            }

            @Override
            public Ingest ingest() {
                return new Ingest() {
                    @Override
                    public OptionalInt maxAttempts() {
                        return OptionalInt.of(3);
                    }

                    @Override
                    public Duration initialBackoff() {
                        return Duration.ofMillis(5);
                    }

                    @Override
                    public Duration maxBackoff() {
                        return Duration.ofMillis(20);
                    }
                };
            }
        };
    }
}
