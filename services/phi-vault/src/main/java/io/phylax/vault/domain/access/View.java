package io.phylax.vault.domain.access;

/** How much of a resource a caller may see, widest first. */
public enum View {
    /** Everything. */
    FULL,
    /** Both partial views together, for a caller who holds both roles. */
    SCHEDULING_AND_BILLING,
    /** Demographics, contact details and whatever scheduling needs; no identifiers, no clinical detail. */
    SCHEDULING,
    /** Demographics and identifiers; no contact details, no clinical detail. */
    BILLING,
    /** Ids, type, version and time only: every value withheld. */
    MASKED,
    /** Not even that the resource has content: refused. */
    NONE;

    /** The wider of two views; the two partial views combine rather than one hiding the other. */
    public View widest(View other) {
        if ((this == SCHEDULING && other == BILLING) || (this == BILLING && other == SCHEDULING)) {
            return SCHEDULING_AND_BILLING;
        }
        return ordinal() <= other.ordinal() ? this : other;
    }
}
