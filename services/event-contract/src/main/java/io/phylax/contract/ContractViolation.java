package io.phylax.contract;

import java.util.Objects;

/**
 * An event, or the bytes claiming to be one, breaks the contract. The message names the field and the rule
 * and never the offending value, so it is safe to log and to put on a dead-letter topic as the reason.
 */
public final class ContractViolation extends RuntimeException {

    /** The pseudo-field used when the message as a whole is at fault (too large, not JSON, not an object). */
    public static final String WHOLE_EVENT = "event";

    private final String field;
    private final String rule;

    /**
     * @param field the JSON field (dotted for nested ones, e.g. {@code actor.issuer}) or {@link #WHOLE_EVENT}
     * @param rule  what the field must be, in our own words; never a value taken from the input
     */
    public ContractViolation(String field, String rule) {
        // No cause on purpose: parser exceptions quote the input, and loggers print the whole cause chain.
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(rule, "rule"));
        this.field = field;
        this.rule = rule;
    }

    /** The field that broke the contract, or {@link #WHOLE_EVENT}. */
    public String field() {
        return field;
    }

    /** The rule it broke. */
    public String rule() {
        return rule;
    }
}
