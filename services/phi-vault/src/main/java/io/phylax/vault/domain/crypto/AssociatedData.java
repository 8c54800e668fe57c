package io.phylax.vault.domain.crypto;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The associated data that binds a ciphertext to where it belongs: tenant, subject, stream, version and
 * what the bytes are. A ciphertext copied to another row, stream, version or tenant fails to decrypt.
 */
public final class AssociatedData {

    private AssociatedData() {}

    /** For an event body in the event store. */
    public static byte[] event(String tenant, UUID subjectId, UUID streamId, long version, String eventType) {
        return join("event", tenant, subjectId, streamId, version, eventType);
    }

    /** For the current state kept in a projection row. */
    public static byte[] projection(String tenant, UUID subjectId, UUID streamId, long version) {
        return join("projection", tenant, subjectId, streamId, version, "");
    }

    /** For a wrapped data key: the key belongs to one subject of one tenant. */
    public static byte[] dataKey(String tenant, UUID subjectId) {
        return join("data-key", tenant, subjectId, subjectId, 0, "");
    }

    /** For a tenant's wrapped blind-index key: distinct from every data key's, so neither opens as the other. */
    public static byte[] indexKey(String tenant) {
        return ("phylax/v1|index-key|" + tenant).getBytes(StandardCharsets.UTF_8);
    }

    /** For a break-glass grant's free-text reason, under the subject's data key: bound to that one grant. */
    public static byte[] breakGlassReason(String tenant, UUID subjectId, UUID grantId) {
        return join("break-glass-reason", tenant, subjectId, grantId, 0, "");
    }

    private static byte[] join(String purpose, String tenant, UUID subject, UUID stream, long version, String type) {
        // Unambiguous: tenant ids and type names cannot contain '|'.
        return ("phylax/v1|" + purpose + "|" + tenant + "|" + subject + "|" + stream + "|" + version + "|" + type)
                .getBytes(StandardCharsets.UTF_8);
    }
}
