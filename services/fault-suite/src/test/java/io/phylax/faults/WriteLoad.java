package io.phylax.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.phylax.testkit.GreenMail;

/**
 * A steady write load on the vault from a few workers, each working through patients of its own: register,
 * update once, and (with messages) file a care-team message. Every answer is counted by status, and every write the
 * vault acknowledged is kept, so a test can check afterwards that exactly those writes are stored and published.
 * Bounded: it stops when told, and by itself at a hard limit.
 */
final class WriteLoad implements AutoCloseable {

    private static final int WORKERS = 2;
    private static final Duration HARD_LIMIT = Duration.ofMinutes(5);
    private static final Duration REFUSED_PAUSE = Duration.ofMillis(100);
    private static final Duration MESSAGE_PACE = Duration.ofMillis(500);
    /** The pseudo-status counted when the load's own tooling failed (never an answer of the vault). */
    static final int LOAD_ERROR = -2;

    /** A write the vault acknowledged: version {@code version} of stream {@code stream} of patient {@code subject}. */
    record Write(UUID subject, UUID stream, long version, boolean message, String mailbox) {}

    private final VaultApi api;
    private final boolean messages;
    private final Duration pace;
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Write> acknowledged = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Instant started = Instant.now();

    private WriteLoad(VaultApi api, boolean messages, Duration pace) {
        this.api = api;
        this.messages = messages;
        this.pace = pace;
    }

    /** Patients registered and updated. */
    static WriteLoad patients(VaultApi api) {
        return new WriteLoad(api, false, Duration.ZERO).start();
    }

    /** Patients registered, updated and sent a care-team message (one e-mail each). */
    static WriteLoad patientsWithMessages(VaultApi api) {
        // Paced: e-mail is the slow path, and a backlog of hours would only measure the relay, not the fault.
        return new WriteLoad(api, true, MESSAGE_PACE).start();
    }

    private WriteLoad start() {
        for (int i = 0; i < WORKERS; i++) {
            workers.submit(this::work);
        }
        return this;
    }

    private void work() {
        Instant limit = started.plus(HARD_LIMIT);
        while (!stop.get() && Instant.now().isBefore(limit)) {
            try {
                cycle();
                pause(pace);
            } catch (RuntimeException e) {
                // The test's own side (GreenMail's API) failed, not the vault: counted, and the load goes on.
                statuses.computeIfAbsent(LOAD_ERROR, s -> new AtomicInteger()).incrementAndGet();
                pause(REFUSED_PAUSE);
            }
        }
    }

    private void cycle() {
        String canary = Patients.canary();
        String mailbox = Patients.mailbox(canary);
        if (messages) {
            // Before the first delivery: GreenMail can fail two deliveries racing to create one mailbox.
            GreenMail.createMailbox(mailbox);
        }
        VaultApi.Answer created = count(api.register(Patients.patient(canary, "female")));
        Optional<UUID> subject = created.created();
        if (subject.isEmpty()) {
            // A refused write is retried after a pause, so an outage meets a steady load, not a busy loop.
            pause(REFUSED_PAUSE);
            return;
        }
        UUID id = subject.get();
        acknowledged.add(new Write(id, id, 1, false, mailbox));
        if (count(api.update(id, 1, Patients.patient(canary, "male"))).accepted()) {
            acknowledged.add(new Write(id, id, 2, false, mailbox));
        }
        if (messages) {
            count(api.addRecord(id, Patients.message(canary)))
                    .created()
                    .ifPresent(record -> acknowledged.add(new Write(id, record, 1, true, mailbox)));
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private VaultApi.Answer count(VaultApi.Answer answer) {
        statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
        return answer;
    }

    /** Stops the workers after their current call and waits for them. */
    @Override
    public void close() {
        stop.set(true);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the load run for {@code duration} (the test's clock, not the workers'). */
    WriteLoad runFor(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    List<Write> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** Answers by HTTP status ({@link VaultApi#NO_ANSWER} for none), e.g. {@code {201=40, 200=40, 503=3}}. */
    Map<Integer, Integer> statuses() {
        Map<Integer, Integer> copy = new java.util.TreeMap<>();
        statuses.forEach((status, n) -> copy.put(status, n.get()));
        return copy;
    }

    /** Answers that are neither an acknowledgement nor a clean refusal (503): a 500, a 502, no answer at all. */
    Map<Integer, Integer> uncleanAnswers() {
        Map<Integer, Integer> unclean = statuses();
        unclean.keySet().removeIf(status -> status == 200 || status == 201 || status == 503 || status == LOAD_ERROR);
        return unclean;
    }

    Instant started() {
        return started;
    }
}
