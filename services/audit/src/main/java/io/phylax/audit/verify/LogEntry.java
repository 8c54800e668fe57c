package io.phylax.audit.verify;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of the audit log as it is hashed: the Merkle leaf and the hash chain are both computed over
 * {@link #canonical()}. Ids, codes, actors and times only; never PHI.
 *
 * <p>Times are kept to the microsecond (what PostgreSQL stores), so an entry read back hashes the same as the
 * entry that was written.
 *
 * @param seq           position in the log, from 0; also the entry's leaf index in the Merkle tree
 * @param eventId       the vault's event id (unique in the log)
 * @param kind          {@link #REFERENCE} or {@link #ACCESS}
 * @param tenant        the clinic the event belongs to
 * @param subjectId     the subject; null for an access without one
 * @param streamId      the stream; null for an access not to one stream
 * @param streamType    SUBJECT or RECORD for a reference event; null for an access event
 * @param recordType    the FHIR resource type of a record stream; else null
 * @param streamVersion the stream version a reference event produced; null for an access event
 * @param actorIssuer   the actor's token issuer (access events); null for a reference event
 * @param actorSubject  the actor's token subject (access events)
 * @param actorClient   the client the actor's token was issued to (access events)
 * @param action        the access action (READ, EXPORT, BREAK_GLASS, ...) or the reference event type
 * @param outcome       how the vault answered an access; null for a reference event
 * @param purpose       the declared HL7 purpose of use; null when none was declared
 * @param occurredAt    when the vault decided or committed
 * @param correlationId ties the entry to the vault request
 * @param receivedAt    when the audit log stored the entry
 */
public record LogEntry(
        long seq,
        UUID eventId,
        String kind,
        String tenant,
        UUID subjectId,
        UUID streamId,
        String streamType,
        String recordType,
        Long streamVersion,
        String actorIssuer,
        String actorSubject,
        String actorClient,
        String action,
        String outcome,
        String purpose,
        Instant occurredAt,
        String correlationId,
        Instant receivedAt) {

    public static final String REFERENCE = "reference";
    public static final String ACCESS = "access";

    /** First field of every encoding, so a future layout can never be mistaken for this one. */
    static final String FORMAT = "phylax-audit-entry/1";

    private static final byte ABSENT = 0;
    private static final byte PRESENT = 1;

    public LogEntry {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative");
        }
        Objects.requireNonNull(eventId, "eventId");
        if (!REFERENCE.equals(kind) && !ACCESS.equals(kind)) {
            throw new IllegalArgumentException("kind must be reference or access");
        }
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(correlationId, "correlationId");
        occurredAt = Objects.requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
        receivedAt = Objects.requireNonNull(receivedAt, "receivedAt").truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The canonical encoding: every field in a fixed order, each as {@code 0x00} (absent) or {@code 0x01}, a
     * 4-byte big-endian length and the bytes (UTF-8 text; 16-byte UUIDs; 8-byte big-endian numbers; times as
     * microseconds since the epoch). Length prefixes make it unambiguous: no two entries encode alike.
     */
    public byte[] canonical() {
        Encoder out = new Encoder();
        out.text(FORMAT);
        out.number(seq);
        out.uuid(eventId);
        out.text(kind);
        out.text(tenant);
        out.uuid(subjectId);
        out.uuid(streamId);
        out.text(streamType);
        out.text(recordType);
        out.number(streamVersion);
        out.text(actorIssuer);
        out.text(actorSubject);
        out.text(actorClient);
        out.text(action);
        out.text(outcome);
        out.text(purpose);
        out.number(micros(occurredAt));
        out.text(correlationId);
        out.number(micros(receivedAt));
        return out.bytes();
    }

    /** This entry's Merkle leaf hash. */
    public byte[] leafHash() {
        return Rfc6962.leafHash(canonical());
    }

    /**
     * This entry's link in the hash chain: {@code SHA-256(previous || canonical)}, where {@code previous} is the
     * link of the entry before (32 zero bytes before the first entry).
     */
    public byte[] chainHash(byte[] previous) {
        if (previous.length != Rfc6962.HASH_BYTES) {
            throw new IllegalArgumentException("a chain link is 32 bytes");
        }
        MessageDigest sha = Rfc6962.sha256();
        sha.update(previous);
        sha.update(canonical());
        return sha.digest();
    }

    /** The link before the first entry. */
    public static byte[] chainStart() {
        return new byte[Rfc6962.HASH_BYTES];
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** Appends length-prefixed fields. */
    private static final class Encoder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(384);

        void text(String value) {
            field(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        void uuid(UUID value) {
            field(
                    value == null
                            ? null
                            : ByteBuffer.allocate(16)
                                    .putLong(value.getMostSignificantBits())
                                    .putLong(value.getLeastSignificantBits())
                                    .array());
        }

        void number(Long value) {
            field(value == null ? null : ByteBuffer.allocate(8).putLong(value).array());
        }

        private void field(byte[] value) {
            if (value == null) {
                out.write(ABSENT);
                return;
            }
            out.write(PRESENT);
            out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
            out.writeBytes(value);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
