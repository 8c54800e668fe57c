package io.phylax.testkit;

/**
 * An SMTP outage for tests: the stack's GreenMail JVM frozen with SIGSTOP (connections hang, as with a relay
 * that stopped answering) until the returned fault is closed (SIGCONT). Bound it with try-with-resources.
 */
public final class SmtpFaults {

    private SmtpFaults() {}

    /** Freezes GreenMail (SMTP and its REST API alike) until the returned fault is closed. */
    public static Faults.Fault freezeSmtp() {
        return StackParts.freeze("smtp");
    }
}
