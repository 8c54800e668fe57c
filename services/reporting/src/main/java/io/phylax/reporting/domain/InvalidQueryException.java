package io.phylax.reporting.domain;

/**
 * A report request breaks a rule. Names the parameter and the rule in our own words, never the submitted
 * value, so it can be returned to the caller as it is.
 */
public class InvalidQueryException extends RuntimeException {

    private final String parameter;

    public InvalidQueryException(String parameter, String rule) {
        super(rule);
        this.parameter = parameter;
    }

    /** The query parameter at fault. */
    public String parameter() {
        return parameter;
    }
}
