package io.phylax.vault.domain;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.phylax.vault.domain.event.PatientRegistered;
import io.phylax.vault.domain.event.PatientUpdated;
import io.phylax.vault.domain.event.SubjectErased;
import io.phylax.vault.domain.event.VaultEvent;
import io.phylax.vault.domain.event.VaultEvent.Meta;

/**
 * A subject (patient) stream. Command methods check the rules and return the events to append; only
 * {@link #apply(VaultEvent)} changes state, so a subject rebuilt from its history equals the original.
 */
public final class Subject {

    public static final String PATIENT = "Patient";

    private UUID id;
    private String tenant;
    private long version;
    private FhirDocument patient;
    private boolean erased;

    private Subject() {}

    /** Rebuilds a subject from its stream. */
    public static Subject replay(List<? extends VaultEvent> history) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("a subject stream starts with PatientRegistered");
        }
        Subject subject = new Subject();
        history.forEach(subject::apply);
        return subject;
    }

    /** A subject as its projection holds it (current state and version), for commands that follow. */
    public static Subject current(UUID id, String tenant, long version, FhirDocument patient) {
        Subject subject = new Subject();
        subject.id = id;
        subject.tenant = tenant;
        subject.version = version;
        subject.patient = patient;
        return subject;
    }

    /** Starts a new subject stream at version 1. */
    public static List<VaultEvent> register(String tenant, UUID subjectId, FhirDocument patient, Change change) {
        requirePatient(patient);
        return List.of(new PatientRegistered(meta(tenant, subjectId, 1, change), patient));
    }

    /**
     * Replaces the Patient resource. The caller's expected version must be the current one; an identical
     * resource changes nothing and appends nothing.
     */
    public List<VaultEvent> update(long expectedVersion, FhirDocument newPatient, Change change) {
        requireNotErased();
        requirePatient(newPatient);
        if (expectedVersion != version) {
            throw new StaleVersionException(expectedVersion, version);
        }
        if (newPatient.equals(patient)) {
            return List.of();
        }
        return List.of(new PatientUpdated(meta(tenant, id, version + 1, change), newPatient));
    }

    /**
     * Erases the subject: the stream ends with a tombstone, and the caller destroys the data key so that
     * every earlier event becomes unreadable (crypto-shredding).
     */
    public List<VaultEvent> erase(ErasureReason reason, Change change) {
        requireNotErased();
        return List.of(new SubjectErased(meta(tenant, id, version + 1, change), reason));
    }

    public void apply(VaultEvent event) {
        switch (event) {
            case PatientRegistered registered -> {
                id = registered.meta().subjectId();
                tenant = registered.meta().tenant();
                patient = registered.patient();
            }
            case PatientUpdated updated -> patient = updated.patient();
            case SubjectErased ignored -> {
                erased = true;
                patient = null;
            }
            default -> throw new IllegalArgumentException("not a subject event: " + event.type());
        }
        version = event.meta().version();
    }

    private static Meta meta(String tenant, UUID subjectId, long version, Change change) {
        return new Meta(change.eventId(), tenant, subjectId, subjectId, version, change.at(), change.actor());
    }

    private void requireNotErased() {
        if (erased) {
            throw new SubjectErasedException();
        }
    }

    private static void requirePatient(FhirDocument document) {
        if (!PATIENT.equals(document.resourceType())) {
            throw new DomainRuleViolation("resourceType", "a subject holds a FHIR Patient resource");
        }
    }

    public UUID id() {
        return id;
    }

    public String tenant() {
        return tenant;
    }

    public long version() {
        return version;
    }

    public FhirDocument patient() {
        return patient;
    }

    public boolean erased() {
        return erased;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subject s
                && version == s.version
                && Objects.equals(id, s.id)
                && erased == s.erased
                && Objects.equals(tenant, s.tenant)
                && Objects.equals(patient, s.patient);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, tenant, version);
    }
}
