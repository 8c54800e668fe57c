package io.phylax.contract;

import java.util.Set;

/**
 * The allow-list: every JSON field name that may appear in any event on {@link Topics#PHI_EVENTS} or
 * {@link Topics#PHI_ACCESS}. Adding a name here is a privacy review, not a refactoring: a test fails when
 * an event record declares, or its encoding carries, a field outside this set.
 */
public final class ContractFields {

    /** The field names, as they appear in the JSON (record component names, nested ones included). */
    public static final Set<String> ALLOWED = Set.of(
            "eventId",
            "eventType",
            "tenant",
            "subjectId",
            "streamId",
            "streamType",
            "recordType",
            "version",
            "occurredAt",
            "correlationId",
            "actor",
            "issuer",
            "subject",
            "clientId",
            "action",
            "outcome",
            "purpose");

    private ContractFields() {}

    /** Whether {@code name} may appear as a JSON field in an event. */
    public static boolean isAllowed(String name) {
        return name != null && ALLOWED.contains(name);
    }
}
