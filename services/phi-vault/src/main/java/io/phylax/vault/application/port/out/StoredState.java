package io.phylax.vault.application.port.out;

import java.time.Instant;
import java.util.UUID;

/**
 * The current state of a stream as its projection row holds it: ids, type, version and times in clear, the
 * resource encrypted.
 *
 * @param streamId     the subject id (subject streams) or record id
 * @param subjectId    the subject the stream belongs to (equal to streamId for a subject)
 * @param resourceType {@code Patient} or the record's FHIR type
 * @param erasedAt     when the subject was erased (crypto-shredded), or null
 */
public record StoredState(
        UUID streamId,
        String tenant,
        UUID subjectId,
        String resourceType,
        long version,
        Instant createdAt,
        Instant updatedAt,
        byte[] ciphertext,
        Instant erasedAt) {

    public boolean isSubject() {
        return streamId.equals(subjectId);
    }

    public boolean erased() {
        return erasedAt != null;
    }

    /** The same row at the next version, marked erased; the ciphertext stays (unreadable once the key is gone). */
    public StoredState erasedAt(long version, Instant at) {
        return new StoredState(streamId, tenant, subjectId, resourceType, version, createdAt, at, ciphertext, at);
    }
}
