package io.phylax.reporting.domain;

import java.util.Arrays;
import java.util.Optional;

/** What a report can be broken down by; each has the name the API uses for it. */
public enum Dimension {
    /** The UTC day the event occurred on. */
    DAY("day"),
    /** The reference event type. */
    EVENT_TYPE("eventType"),
    /** The FHIR resource type of a record event; none (null) for subject events. */
    RECORD_TYPE("recordType");

    private final String apiName;

    Dimension(String apiName) {
        this.apiName = apiName;
    }

    /** The name in the {@code groupBy} parameter and in the report's cells. */
    public String apiName() {
        return apiName;
    }

    public static Optional<Dimension> fromApiName(String name) {
        return Arrays.stream(values()).filter(d -> d.apiName.equals(name)).findFirst();
    }
}
