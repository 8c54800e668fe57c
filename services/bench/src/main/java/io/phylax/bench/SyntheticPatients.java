package io.phylax.bench;

import java.util.UUID;

/**
 * The patients the benchmark registers: synthetic, every PHI value marked with a canary, so the canary sweep
 * would find any that leaked. No e-mail address: a registration with one makes the notification service send a
 * message, which would add the mail path's work to the write figures.
 */
final class SyntheticPatients {

    static final String CANARY_PREFIX = "CANARY-PHI-";

    private SyntheticPatients() {}

    /** A FHIR R4 Patient of the size a clinic typically sends (about 400 bytes). */
    static String patient() {
        String canary = CANARY_PREFIX + "BENCH-" + UUID.randomUUID().toString().substring(0, 8);
        return """
                {"resourceType":"Patient",\
                "identifier":[{"system":"urn:oid:2.16.840.1.113883.4.1","value":"%1$s-MRN"}],\
                "name":[{"family":"%1$s-Family","given":["%1$s-Given"]}],\
                "telecom":[{"system":"phone","value":"%1$s-PHONE","use":"home"}],\
                "gender":"female","birthDate":"1968-07-21",\
                "address":[{"line":["%1$s-Street 1"],"city":"%1$s-City","postalCode":"00000"}]}""".formatted(canary);
    }
}
