package io.phylax.vault.adapter.out.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.phylax.vault.application.port.out.StoredState;

/** The projection row holding a stream's current (encrypted) state. */
@Entity
@Table(name = "stream_state")
public class StreamStateEntity {

    @Id
    @Column(name = "stream_id")
    public UUID streamId;

    public String tenant;

    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(name = "resource_type")
    public String resourceType;

    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public byte[] ciphertext;

    @Column(name = "erased_at")
    public Instant erasedAt;

    static StreamStateEntity of(StoredState s) {
        StreamStateEntity row = new StreamStateEntity();
        row.streamId = s.streamId();
        row.tenant = s.tenant();
        row.subjectId = s.subjectId();
        row.resourceType = s.resourceType();
        row.version = s.version();
        row.createdAt = s.createdAt();
        row.updatedAt = s.updatedAt();
        row.ciphertext = s.ciphertext();
        row.erasedAt = s.erasedAt();
        return row;
    }

    StoredState toStored() {
        return new StoredState(
                streamId, tenant, subjectId, resourceType, version, createdAt, updatedAt, ciphertext, erasedAt);
    }
}
