package io.phylax.reporting.domain;

/**
 * A contract-valid event that reporting still cannot count, such as one dated outside the days a report
 * can ask for. Its message is {@code <field>: <rule>} and never quotes the event, so it is safe to log and
 * to put on the dead-letter topic as the reason.
 */
public class UncountableEventException extends RuntimeException {

    public UncountableEventException(String field, String rule) {
        super(field + ": " + rule);
    }
}
