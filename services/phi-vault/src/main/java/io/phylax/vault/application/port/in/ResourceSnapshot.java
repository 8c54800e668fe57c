package io.phylax.vault.application.port.in;

import java.time.Instant;
import java.util.UUID;

/**
 * A resource as one caller may see it: the role-filtered FHIR JSON with its version and time.
 *
 * @param json the body to return (PHI for roles that see content; never logged)
 */
public record ResourceSnapshot(
        UUID id, UUID subjectId, String resourceType, long version, Instant lastUpdated, String json) {

    @Override
    public String toString() {
        return "ResourceSnapshot[" + resourceType + "/" + id + " v" + version + "]";
    }
}
