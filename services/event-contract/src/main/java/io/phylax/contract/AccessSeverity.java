package io.phylax.contract;

/**
 * How much attention an access event deserves. Derived from the action and the purpose (never sent on the
 * wire), so every producer and consumer of the contract agrees on it without a new topic version.
 */
public enum AccessSeverity {
    /** Everyday access within the actor's normal scope. */
    NORMAL,
    /** Emergency or bulk access: break-glass, reads under it (purpose ETREAT), exports. Alerts watch these. */
    HIGH;

    /** The severity of an access with this action and declared purpose (the purpose may be null). */
    public static AccessSeverity of(AccessAction action, PurposeOfUse purpose) {
        return action == AccessAction.BREAK_GLASS || action == AccessAction.EXPORT || purpose == PurposeOfUse.ETREAT
                ? HIGH
                : NORMAL;
    }
}
