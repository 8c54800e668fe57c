package io.phylax.testkit;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * An SMTP outage for tests: the stack's GreenMail JVM frozen with SIGSTOP (connections hang, as with a relay
 * that stopped answering) until the returned fault is closed (SIGCONT). Bound it with try-with-resources.
 */
public final class SmtpFaults {

    private SmtpFaults() {}

    /** Freezes GreenMail (SMTP and its REST API alike) until the returned fault is closed. */
    public static Faults.Fault freezeSmtp() {
        long pid = LocalStack.get().pidOf("smtp");
        signal("STOP", pid);
        return () -> signal("CONT", pid);
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
