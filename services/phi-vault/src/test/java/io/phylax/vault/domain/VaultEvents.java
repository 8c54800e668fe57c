package io.phylax.vault.domain;

import java.time.Instant;
import java.util.UUID;

import io.phylax.vault.domain.event.VaultEvent;

/** Test data for the aggregates: fixed ids and times, and small synthetic resources. */
final class VaultEvents {

    static final String DEFAULT_TENANT = "clinic-a";
    static final UUID DEFAULT_SUBJECT = UUID.fromString("00000000-0000-4000-8000-000000000001");
    static final UUID DEFAULT_RECORD = UUID.fromString("00000000-0000-4000-8000-000000000002");
    static final Instant DEFAULT_TIME = Instant.parse("2026-11-26T09:00:00Z");
    static final VaultEvent.Actor DEFAULT_ACTOR =
            new VaultEvent.Actor("https://idp.example/realms/phylax", "staff-1", "phylax-cli");

    private VaultEvents() {}

    static Change change(int n) {
        return new Change(new UUID(0, n), DEFAULT_TIME.plusSeconds(n), DEFAULT_ACTOR);
    }

    static FhirDocument patient(String family) {
        return new FhirDocument("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}");
    }

    static FhirDocument observation(String code) {
        return new FhirDocument(
                "Observation",
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"" + code + "\"}}");
    }
}
