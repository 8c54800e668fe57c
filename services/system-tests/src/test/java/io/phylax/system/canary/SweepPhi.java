package io.phylax.system.canary;

import io.phylax.system.SyntheticPhi;

/**
 * The sweep's synthetic PHI: every string element of every resource carries this run's canary followed by a
 * field label ({@code <canary>-Family}), so a hit names the field that leaked without showing the value.
 * Dates and codes cannot carry a text canary; ADR 0080 lists them as not covered.
 */
final class SweepPhi {

    static final String SSN_SYSTEM = "urn:oid:2.16.840.1.113883.4.1";
    /** Second identifier system: the value searched through the URL form, so a URL leak is told apart. */
    static final String URL_SYSTEM = "urn:phylax:canary-sweep";

    private final String canary;

    SweepPhi(String canary) {
        this.canary = canary;
    }

    /** A fresh canary for one run: {@code CANARY-PHI-} and eight hex digits. */
    static SweepPhi forRun() {
        return new SweepPhi(SyntheticPhi.canary());
    }

    String canary() {
        return canary;
    }

    /** The canary marked with a field label. */
    String field(String label) {
        return canary + "-" + label;
    }

    /** The patient's e-mail address; by design also the recipient of its notices and a GreenMail mailbox. */
    String email() {
        return SyntheticPhi.email(canary);
    }

    String patient() {
        return patient("Given");
    }

    /** The patient, with {@code givenLabel} as the label of the given name (an update changes it). */
    String patient(String givenLabel) {
        return """
                {"resourceType":"Patient",
                 "identifier":[{"system":"%1$s","value":"%3$s"},{"system":"%2$s","value":"%4$s"}],
                 "name":[{"family":"%5$s","given":["%6$s"],"prefix":["%7$s"]}],
                 "telecom":[{"system":"email","value":"%8$s","use":"home"},{"system":"phone","value":"%9$s"}],
                 "gender":"female",
                 "birthDate":"1968-07-21",
                 "address":[{"line":["%10$s"],"city":"%11$s","postalCode":"%12$s"}],
                 "contact":[{"name":{"family":"%13$s"}}]}
                """.formatted(
                        SSN_SYSTEM,
                        URL_SYSTEM,
                        field("MRN"),
                        field("UrlMrn"),
                        field("Family"),
                        field(givenLabel),
                        field("Prefix"),
                        email(),
                        field("Phone"),
                        field("Line"),
                        field("City"),
                        field("Postal"),
                        field("ContactFamily"));
    }

    /** A second patient, erased by the sweep; no e-mail, so it is sent nothing. */
    String patientToErase() {
        return smallPatient("Erased");
    }

    /** A patient for break-glass: its registering clinician is then taken off its care team. */
    String patientOutsideCareTeam() {
        return smallPatient("Glass");
    }

    /** A patient of the other tenant, exported (its tenant is small, so the export is too) and then erased. */
    String patientToExport() {
        return smallPatient("Export");
    }

    /** A patient with an identifier and a name only, labelled {@code <role>Mrn}, {@code <role>Family}, … */
    private String smallPatient(String role) {
        return """
                {"resourceType":"Patient",
                 "identifier":[{"system":"%s","value":"%s"}],
                 "name":[{"family":"%s","given":["%s"]}]}
                """.formatted(SSN_SYSTEM, field(role + "Mrn"), field(role + "Family"), field(role + "Given"));
    }

    /** A message from the care team: a notice is mailed. */
    String communication() {
        return """
                {"resourceType":"Communication","status":"completed",
                 "payload":[{"contentString":"%s your results are ready"}]}
                """.formatted(field("Message"));
    }

    /** An appointment: a notice is mailed when it is added and again when it is amended. */
    String appointment(String commentLabel) {
        return """
                {"resourceType":"Appointment","status":"booked","description":"%s","comment":"%s",
                 "start":"2030-01-07T10:00:00Z","end":"2030-01-07T10:30:00Z",
                 "participant":[{"status":"accepted"}]}
                """.formatted(field("Appointment"), field(commentLabel));
    }

    String observation() {
        return """
                {"resourceType":"Observation","status":"final","code":{"text":"%s"},
                 "valueString":"%s","note":[{"text":"%s"}]}
                """.formatted(field("ObsCode"), field("ObsValue"), field("ObsNote"));
    }
}
