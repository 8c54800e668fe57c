package io.phylax.vault.adapter.out.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.phylax.vault.application.port.out.Commit;

/** The tombstone of an erased subject: who, when and why (a code). */
@Entity
@Table(name = "subject_erasure")
public class SubjectErasureEntity {

    @Id
    @Column(name = "subject_id")
    public UUID subjectId;

    public String tenant;

    @Column(name = "erased_at")
    public Instant erasedAt;

    @Column(name = "actor_issuer")
    public String actorIssuer;

    @Column(name = "actor_subject")
    public String actorSubject;

    @Column(name = "actor_client")
    public String actorClient;

    public String reason;

    static SubjectErasureEntity of(Commit.Erasure erasure) {
        SubjectErasureEntity row = new SubjectErasureEntity();
        row.subjectId = erasure.subjectId();
        row.tenant = erasure.tenant();
        row.erasedAt = erasure.at();
        row.actorIssuer = erasure.actorIssuer();
        row.actorSubject = erasure.actorSubject();
        row.actorClient = erasure.actorClient();
        row.reason = erasure.reason();
        return row;
    }
}
