package io.phylax.faults;

import java.util.UUID;

/**
 * Synthetic patients and messages for the fault suite. Every PHI-like value carries a canary with the prefix the
 * PHI canary sweep (ADR 0080) searches for, so a fault that made PHI leak into a log or topic is caught there.
 */
final class Patients {

    static final String CANARY_PREFIX = "CANARY-PHI-";

    private Patients() {}

    static String canary() {
        return CANARY_PREFIX + "F" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The GreenMail mailbox of the patient with this canary. */
    static String mailbox(String canary) {
        return canary.toLowerCase() + "@example.org";
    }

    /** A Patient; {@code gender} varies between versions so an update is a real change. */
    static String patient(String canary, String gender) {
        return """
                {"resourceType":"Patient",
                 "identifier":[{"system":"urn:oid:2.16.840.1.113883.4.1","value":"%1$s-MRN"}],
                 "name":[{"family":"%1$s-Family","given":["%1$s-Given"]}],
                 "telecom":[{"system":"email","value":"%2$s","use":"home"}],
                 "gender":"%3$s",
                 "birthDate":"1971-03-09"}
                """.formatted(canary, mailbox(canary), gender);
    }

    /** A care-team message: the notification service e-mails the patient once for it. */
    static String message(String canary) {
        return """
                {"resourceType":"Communication","status":"completed",
                 "payload":[{"contentString":"%1$s: please call the clinic"}]}
                """.formatted(canary);
    }
}
