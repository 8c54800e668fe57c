package io.phylax.vault.adapter.out.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** An Idempotency-Key (hashed) and the subject its first request created. */
@Entity
@Table(name = "idempotency_key")
@IdClass(IdempotencyEntity.Key.class)
public class IdempotencyEntity {

    /** Primary key: tenant and key hash. */
    public record Key(String tenant, String keyHash) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    public String tenant;

    @Id
    @Column(name = "key_hash")
    public String keyHash;

    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(name = "created_at")
    public Instant createdAt;
}
