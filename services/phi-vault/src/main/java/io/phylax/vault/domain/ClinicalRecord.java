package io.phylax.vault.domain;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.phylax.vault.domain.event.RecordAdded;
import io.phylax.vault.domain.event.RecordAmended;
import io.phylax.vault.domain.event.VaultEvent;
import io.phylax.vault.domain.event.VaultEvent.Meta;

/**
 * A record stream: one FHIR clinical resource attached to a subject. Its type is fixed when it is added;
 * amendments replace the resource with a new version of the same type.
 */
public final class ClinicalRecord {

    private UUID id;
    private UUID subjectId;
    private String tenant;
    private RecordType type;
    private long version;
    private FhirDocument resource;

    private ClinicalRecord() {}

    public static ClinicalRecord replay(List<? extends VaultEvent> history) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("a record stream starts with RecordAdded");
        }
        ClinicalRecord record = new ClinicalRecord();
        history.forEach(record::apply);
        return record;
    }

    public static ClinicalRecord current(
            UUID id, UUID subjectId, String tenant, RecordType type, long version, FhirDocument resource) {
        ClinicalRecord record = new ClinicalRecord();
        record.id = id;
        record.subjectId = subjectId;
        record.tenant = tenant;
        record.type = type;
        record.version = version;
        record.resource = resource;
        return record;
    }

    /** Starts a record stream for a subject, at version 1. */
    public static List<VaultEvent> add(
            String tenant, UUID subjectId, UUID recordId, FhirDocument resource, Change change) {
        RecordType type = RecordType.ofFhirType(resource.resourceType())
                .orElseThrow(
                        () -> new DomainRuleViolation(
                                "resourceType",
                                "records are Observation, Appointment, Communication, DocumentReference or QuestionnaireResponse"));
        return List.of(new RecordAdded(meta(tenant, subjectId, recordId, 1, change), type, resource));
    }

    /** Replaces the resource; the type may not change and the expected version must be current. */
    public List<VaultEvent> amend(long expectedVersion, FhirDocument newResource, Change change) {
        if (!type.fhirType().equals(newResource.resourceType())) {
            throw new DomainRuleViolation("resourceType", "an amendment keeps the record's resource type");
        }
        if (expectedVersion != version) {
            throw new StaleVersionException(expectedVersion, version);
        }
        if (newResource.equals(resource)) {
            return List.of();
        }
        return List.of(new RecordAmended(meta(tenant, subjectId, id, version + 1, change), type, newResource));
    }

    public void apply(VaultEvent event) {
        switch (event) {
            case RecordAdded added -> {
                id = added.meta().streamId();
                subjectId = added.meta().subjectId();
                tenant = added.meta().tenant();
                type = added.recordType();
                resource = added.resource();
            }
            case RecordAmended amended -> resource = amended.resource();
            default -> throw new IllegalArgumentException("not a record event: " + event.type());
        }
        version = event.meta().version();
    }

    private static Meta meta(String tenant, UUID subjectId, UUID recordId, long version, Change change) {
        return new Meta(change.eventId(), tenant, subjectId, recordId, version, change.at(), change.actor());
    }

    public UUID id() {
        return id;
    }

    public UUID subjectId() {
        return subjectId;
    }

    public String tenant() {
        return tenant;
    }

    public RecordType type() {
        return type;
    }

    public long version() {
        return version;
    }

    public FhirDocument resource() {
        return resource;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClinicalRecord r
                && version == r.version
                && Objects.equals(id, r.id)
                && Objects.equals(subjectId, r.subjectId)
                && type == r.type
                && Objects.equals(resource, r.resource);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version);
    }
}
