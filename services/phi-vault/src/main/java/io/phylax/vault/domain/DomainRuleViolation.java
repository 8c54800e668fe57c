package io.phylax.vault.domain;

/**
 * A command that is well-formed but breaks a rule of the domain. The message names the rule and the field;
 * it never contains a submitted value.
 */
public class DomainRuleViolation extends RuntimeException {

    private final String field;

    public DomainRuleViolation(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
