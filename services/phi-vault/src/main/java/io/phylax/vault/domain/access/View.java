package io.phylax.vault.domain.access;

/** How much of a resource a caller may see, widest first. */
public enum View {
    /** Everything. */
    FULL,
    /** Demographics, contact details and whatever scheduling needs; no identifiers, no clinical detail. */
    SCHEDULING,
    /** Demographics and identifiers; no contact details, no clinical detail. */
    BILLING,
    /** Ids, type, version and time only: every value withheld. */
    MASKED,
    /** Not even that the resource has content: refused. */
    NONE;

    /** The wider of two views. */
    public View widest(View other) {
        return ordinal() <= other.ordinal() ? this : other;
    }
}
