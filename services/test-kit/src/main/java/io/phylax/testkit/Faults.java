package io.phylax.testkit;

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
        // The recorded PID is the process-group leader that the stack started: the broker's JVM.
        return StackParts.freeze("kafka");
    }
}
