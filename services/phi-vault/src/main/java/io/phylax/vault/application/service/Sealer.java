package io.phylax.vault.application.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.vault.application.port.out.StoredEvent;
import io.phylax.vault.application.port.out.StoredState;
import io.phylax.vault.domain.FhirDocument;
import io.phylax.vault.domain.Subject;
import io.phylax.vault.domain.crypto.AssociatedData;
import io.phylax.vault.domain.crypto.BodyCipher;
import io.phylax.vault.domain.event.PatientRegistered;
import io.phylax.vault.domain.event.PatientUpdated;
import io.phylax.vault.domain.event.RecordAdded;
import io.phylax.vault.domain.event.RecordAmended;
import io.phylax.vault.domain.event.SubjectErased;
import io.phylax.vault.domain.event.VaultEvent;

/**
 * Seals events and projection states under a subject's data key and opens them again. Only the FHIR body
 * is encrypted; the envelope stays in clear, and the associated data binds the body to its envelope. The cipher
 * is AES-256-GCM except in the benchmark's encryption-off mode (chosen at start, ADR 0090).
 */
@ApplicationScoped
public class Sealer {

    private final BodyCipher cipher;

    @Inject
    public Sealer(BodyCipher cipher) {
        this.cipher = cipher;
    }

    public StoredEvent seal(VaultEvent event, byte[] dataKey) {
        VaultEvent.Meta meta = event.meta();
        FhirDocument body = body(event);
        boolean record = event instanceof RecordAdded || event instanceof RecordAmended;
        // A tombstone has no body: nothing to encrypt, and no key left to encrypt it with.
        byte[] ciphertext = body == null
                ? new byte[0]
                : cipher.seal(
                        dataKey,
                        body.json().getBytes(StandardCharsets.UTF_8),
                        AssociatedData.event(
                                meta.tenant(), meta.subjectId(), meta.streamId(), meta.version(), event.type()));
        return new StoredEvent(
                meta.eventId(),
                meta.tenant(),
                meta.subjectId(),
                meta.streamId(),
                record ? StoredEvent.RECORD_STREAM : StoredEvent.SUBJECT_STREAM,
                record ? body.resourceType() : null,
                meta.version(),
                event.type(),
                meta.occurredAt(),
                meta.actor().issuer(),
                meta.actor().subject(),
                meta.actor().clientId(),
                ciphertext);
    }

    /** The FHIR body of a stored event; fails with an integrity error if anything was altered or moved. */
    public FhirDocument open(StoredEvent event, byte[] dataKey) {
        byte[] plaintext = cipher.open(
                dataKey,
                event.ciphertext(),
                AssociatedData.event(
                        event.tenant(), event.subjectId(), event.streamId(), event.version(), event.eventType()));
        String type = event.recordType() == null ? Subject.PATIENT : event.recordType();
        return new FhirDocument(type, new String(plaintext, StandardCharsets.UTF_8));
    }

    /** A projection row for a stream's new current state. */
    public StoredState sealState(
            FhirDocument document,
            String tenant,
            UUID subjectId,
            UUID streamId,
            long version,
            Instant createdAt,
            Instant updatedAt,
            byte[] dataKey) {
        byte[] ciphertext = cipher.seal(
                dataKey,
                document.json().getBytes(StandardCharsets.UTF_8),
                AssociatedData.projection(tenant, subjectId, streamId, version));
        return new StoredState(
                streamId, tenant, subjectId, document.resourceType(), version, createdAt, updatedAt, ciphertext, null);
    }

    public FhirDocument openState(StoredState state, byte[] dataKey) {
        byte[] plaintext = cipher.open(
                dataKey,
                state.ciphertext(),
                AssociatedData.projection(state.tenant(), state.subjectId(), state.streamId(), state.version()));
        return new FhirDocument(state.resourceType(), new String(plaintext, StandardCharsets.UTF_8));
    }

    static FhirDocument body(VaultEvent event) {
        return switch (event) {
            case PatientRegistered e -> e.patient();
            case PatientUpdated e -> e.patient();
            case RecordAdded e -> e.resource();
            case RecordAmended e -> e.resource();
            case SubjectErased e -> null;
        };
    }
}
