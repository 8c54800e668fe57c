package io.phylax.contract;

/**
 * Why an actor accessed PHI, as an HL7 v3 PurposeOfUse code (code system 2.16.840.1.113883.5.8). A code on
 * purpose: a free-text justification could itself carry PHI.
 */
public enum PurposeOfUse {
    /** Treatment. */
    TREAT,
    /** Emergency treatment (break-glass). */
    ETREAT,
    /** Healthcare payment. */
    HPAYMT,
    /** Healthcare operations. */
    HOPERAT,
    /** Requested by the patient. */
    PATRQT,
    /** Healthcare research. */
    HRESCH,
    /** Public health. */
    PUBHLTH,
    /** Legal. */
    LEGAL
}
