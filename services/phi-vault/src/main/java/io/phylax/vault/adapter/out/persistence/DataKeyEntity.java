package io.phylax.vault.adapter.out.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.phylax.vault.application.port.out.WrappedDataKey;

/** A subject's wrapped data key. */
@Entity
@Table(name = "data_key")
public class DataKeyEntity {

    @Id
    @Column(name = "subject_id")
    public UUID subjectId;

    public String tenant;

    public String provider;

    @Column(name = "kek_version")
    public int kekVersion;

    public String wrapped;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "destroyed_at")
    public Instant destroyedAt;

    static DataKeyEntity of(WrappedDataKey key, Instant at) {
        DataKeyEntity row = new DataKeyEntity();
        row.subjectId = key.subjectId();
        row.tenant = key.tenant();
        row.provider = key.provider();
        row.kekVersion = key.kekVersion();
        row.wrapped = key.wrapped();
        row.createdAt = at;
        return row;
    }

    WrappedDataKey toWrapped() {
        return new WrappedDataKey(subjectId, tenant, provider, kekVersion, wrapped);
    }
}
