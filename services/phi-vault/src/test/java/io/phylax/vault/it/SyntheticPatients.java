package io.phylax.vault.it;

import java.util.UUID;

/**
 * Synthetic patients for integration tests. Every value that would be PHI carries a per-test canary, so
 * a search of databases, topics and responses for the canary finds any leak.
 */
final class SyntheticPatients {

    /** The prefix of every canary; nothing outside the vault's encrypted columns may ever contain it. */
    static final String CANARY_PREFIX = "CANARY-PHI-";

    private SyntheticPatients() {}

    /** A fresh canary, unique to one test. */
    static String canary() {
        return CANARY_PREFIX + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A Patient with a name, identifier, e-mail and birth date, all marked with the canary. */
    static String patient(String canary) {
        return """
                {"resourceType":"Patient",
                 "identifier":[{"system":"urn:oid:2.16.840.1.113883.4.1","value":"%1$s-MRN"}],
                 "name":[{"family":"%1$s-Family","given":["%1$s-Given"]}],
                 "telecom":[{"system":"email","value":"%1$s@example.org","use":"home"}],
                 "gender":"female",
                 "birthDate":"1971-03-04",
                 "address":[{"city":"%1$s-City"}]}
                """.formatted(canary);
    }

    static String observation(String canary) {
        return """
                {"resourceType":"Observation","status":"final",
                 "code":{"text":"%1$s-heart-rate"},
                 "valueQuantity":{"value":72,"unit":"beats/minute"}}
                """.formatted(canary);
    }

    static String appointment(String canary) {
        return """
                {"resourceType":"Appointment","status":"booked","description":"%1$s-visit",
                 "start":"2026-12-01T09:00:00Z","end":"2026-12-01T09:20:00Z"}
                """.formatted(canary);
    }
}
