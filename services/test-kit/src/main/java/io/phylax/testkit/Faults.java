package io.phylax.testkit;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Faults injected into the local stack's own processes (by the PIDs it recorded), for tests that check
 * what survives them. Each fault is undone by closing it, so a try-with-resources bounds it.
 */
public final class Faults {

    /** An injected fault; closing it ends the fault. */
    public interface Fault extends AutoCloseable {
        @Override
        void close();
    }

    private Faults() {}

    /** Freezes the Kafka broker (SIGSTOP) until the returned fault is closed (SIGCONT). */
    public static Fault freezeKafka() {
        long pid = kafkaPid();
        signal("STOP", pid);
        return () -> signal("CONT", pid);
    }

    private static long kafkaPid() {
        // The recorded PID is the process-group leader that the stack started: the broker's JVM.
        return LocalStack.get().pidOf("kafka");
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .inheritIO()
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("could not send SIG" + signal + " to " + pid);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not send SIG" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
