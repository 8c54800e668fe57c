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

    /** A small FHIR R4 Patient (about 470 bytes): identifier, name, one phone, birth date and address. */
    static String patient() {
        return """
                {"resourceType":"Patient",\
                "identifier":[{"system":"urn:oid:2.16.840.1.113883.4.1","value":"%1$s-MRN"}],\
                "name":[{"family":"%1$s-Family","given":["%1$s-Given"]}],\
                "telecom":[{"system":"phone","value":"%1$s-PHONE","use":"home"}],\
                "gender":"female","birthDate":"1968-07-21",\
                "address":[{"line":["%1$s-Street 1"],"city":"%1$s-City","postalCode":"00000"}]}""".formatted(canary());
    }

    /**
     * "The clinic Patient" (issue 15): what a clinic's system typically sends, about 930 bytes. Each PHI value is
     * the patient's canary itself, without a field tag as {@link #patient()} has: the elements a clinic sends
     * already take some 700 bytes, and a tag on each of the eight values would take the body past 950. Two
     * phones and no e-mail; the birth date is a valid FHIR date, so it cannot carry a canary (nor can codes).
     */
    static String clinicPatient() {
        return """
                {"resourceType":"Patient",\
                "identifier":[{"use":"usual","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203",\
                "code":"MR"}]},"system":"urn:oid:1.2.36.146.595.217.0.1","value":"%1$s"}],\
                "active":true,\
                "name":[{"use":"official","family":"%1$s","given":["%1$s","%1$s"],"prefix":["Ms"]}],\
                "telecom":[{"system":"phone","value":"%1$s","use":"home"},{"system":"phone","value":"%1$s","use":"mobile"}],\
                "gender":"female","birthDate":"1968-07-21",\
                "address":[{"line":["%1$s"],"city":"%1$s","state":"NSW","postalCode":"0000","country":"AU"}],\
                "maritalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","code":"M"}]},\
                "communication":[{"language":{"coding":[{"system":"urn:ietf:bcp:47","code":"en-AU"}]},"preferred":true}]}""".formatted(canary());
    }

    /** A key no other request used (the vault takes 1 to 128 of {@code [A-Za-z0-9._:-]}): each registers anew. */
    static String idempotencyKey() {
        return "bench-" + UUID.randomUUID();
    }

    private static String canary() {
        return CANARY_PREFIX + "BENCH-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
