package io.phylax.vault.application.port.in;

/** A clinician asked for a subject outside their care team; break-glass is the way in, and the answer says so. */
public class OutsideCareTeamException extends AccessDeniedException {

    public OutsideCareTeamException() {
        super("this patient is outside your care team");
    }
}
