package io.phylax.vault.domain;

/** Why a clinician broke the glass; a code kept in clear, while the accompanying free text is kept encrypted. */
public enum BreakGlassReason {
    /** The patient needs treatment now and their care team cannot be reached. */
    EMERGENCY_TREATMENT,
    /** Asked for an urgent opinion on a patient of another team. */
    URGENT_CONSULTATION,
    /** Covering for an absent member of the patient's care team. */
    COVERING_CLINICIAN,
    /** The patient is being transferred into the clinician's care. */
    PATIENT_TRANSFER
}
