package io.phylax.system;

import java.util.UUID;

/**
 * Synthetic patients and records for cross-service tests. Every value that would be PHI carries a per-test
 * canary, so a search of mail, topics and tables for the canary finds any leak.
 */
public final class SyntheticPhi {

    public static final String CANARY_PREFIX = "CANARY-PHI-";
    static final String OPT_OUT_EXTENSION = "https://phylax.dev/fhir/StructureDefinition/notification-opt-out";

    private SyntheticPhi() {}

    public static String canary() {
        return CANARY_PREFIX + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The e-mail address of the patient with this canary: also the GreenMail mailbox to look in. */
    public static String email(String canary) {
        return canary + "@example.org";
    }

    /** A Patient with a name, identifier, birth date and e-mail, all marked with the canary. */
    static String patient(String canary) {
        return """
                {"resourceType":"Patient",
                 "identifier":[{"system":"urn:oid:2.16.840.1.113883.4.1","value":"%1$s-MRN"}],
                 "name":[{"family":"%1$s-Family","given":["%1$s-Given"]}],
                 "telecom":[{"system":"email","value":"%2$s","use":"home"}],
                 "gender":"female",
                 "birthDate":"1968-07-21"}
                """.formatted(canary, email(canary));
    }

    /** The same patient, having opted out of notifications on their e-mail. */
    static String optedOutPatient(String canary) {
        return patient(canary)
                .replace(
                        "\"use\":\"home\"",
                        "\"use\":\"home\",\"extension\":[{\"url\":\"" + OPT_OUT_EXTENSION
                                + "\",\"valueBoolean\":true}]");
    }

    /** A message from the care team, whose text carries the canary. */
    static String communication(String canary) {
        return """
                {"resourceType":"Communication","status":"completed",
                 "payload":[{"contentString":"%1$s: your results from Tuesday are ready"}]}
                """.formatted(canary);
    }
}
