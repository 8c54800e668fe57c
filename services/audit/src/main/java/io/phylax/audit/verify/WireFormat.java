package io.phylax.audit.verify;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the audit API's JSON (tree heads, proofs and the entries inside them) back into the verifier's types.
 * Field names here are the API's field names; a test runs the verifier on real API answers so the two stay in
 * step. Every problem is an {@link IllegalArgumentException} naming the field.
 */
public final class WireFormat {

    private WireFormat() {}

    public static SignedTreeHead treeHead(Map<String, Object> json) {
        String algorithm = text(json, "signatureAlgorithm");
        if (!SignedTreeHead.SIGNATURE_ALGORITHM.equals(algorithm)) {
            throw new IllegalArgumentException("signatureAlgorithm: must be " + SignedTreeHead.SIGNATURE_ALGORITHM);
        }
        return new SignedTreeHead(
                number(json, "treeSize"),
                number(json, "timestamp"),
                hash(json, "rootHash"),
                bytes(json, "keyId"),
                bytes(json, "signature"));
    }

    public static LogEntry entry(Map<String, Object> json) {
        Map<String, Object> actor = optionalObject(json, "actor");
        return new LogEntry(
                number(json, "seq"),
                uuid(json, "eventId"),
                text(json, "kind"),
                text(json, "tenant"),
                optionalUuid(json, "subjectId"),
                optionalUuid(json, "streamId"),
                optionalText(json, "streamType"),
                optionalText(json, "recordType"),
                optionalNumber(json, "streamVersion"),
                actor == null ? null : text(actor, "issuer"),
                actor == null ? null : text(actor, "subject"),
                actor == null ? null : text(actor, "clientId"),
                text(json, "action"),
                optionalText(json, "outcome"),
                optionalText(json, "purpose"),
                instant(json, "occurredAt"),
                text(json, "correlationId"),
                instant(json, "receivedAt"));
    }

    public static Map<String, Object> object(Map<String, Object> json, String field) {
        Map<String, Object> value = optionalObject(json, field);
        if (value == null) {
            throw new IllegalArgumentException(field + ": is required");
        }
        return value;
    }

    @SuppressWarnings("unchecked") // Json builds only Map<String, Object> for objects
    public static Map<String, Object> optionalObject(Map<String, Object> json, String field) {
        Object value = json.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(field + ": must be an object");
    }

    public static List<byte[]> hashes(Map<String, Object> json, String field) {
        if (!(json.get(field) instanceof List<?> items)) {
            throw new IllegalArgumentException(field + ": must be an array of base64 hashes");
        }
        List<byte[]> hashes = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof String s)) {
                throw new IllegalArgumentException(field + ": must be an array of base64 hashes");
            }
            hashes.add(decodeHash(s, field));
        }
        return hashes;
    }

    public static String text(Map<String, Object> json, String field) {
        String value = optionalText(json, field);
        if (value == null) {
            throw new IllegalArgumentException(field + ": is required");
        }
        return value;
    }

    public static long number(Map<String, Object> json, String field) {
        Long value = optionalNumber(json, field);
        if (value == null) {
            throw new IllegalArgumentException(field + ": is required");
        }
        return value;
    }

    public static byte[] hash(Map<String, Object> json, String field) {
        return decodeHash(text(json, field), field);
    }

    private static byte[] bytes(Map<String, Object> json, String field) {
        try {
            return Base64.getDecoder().decode(text(json, field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": must be base64");
        }
    }

    private static byte[] decodeHash(String value, String field) {
        byte[] hash;
        try {
            hash = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": must be base64");
        }
        if (hash.length != Rfc6962.HASH_BYTES) {
            throw new IllegalArgumentException(field + ": must be a 32-byte hash");
        }
        return hash;
    }

    private static String optionalText(Map<String, Object> json, String field) {
        Object value = json.get(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException(field + ": must be a string");
    }

    private static Long optionalNumber(Map<String, Object> json, String field) {
        Object value = json.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal number) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException e) {
                // Falls through to the refusal below.
            }
        }
        throw new IllegalArgumentException(field + ": must be an integer");
    }

    private static UUID uuid(Map<String, Object> json, String field) {
        UUID value = optionalUuid(json, field);
        if (value == null) {
            throw new IllegalArgumentException(field + ": is required");
        }
        return value;
    }

    private static UUID optionalUuid(Map<String, Object> json, String field) {
        String value = optionalText(json, field);
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": must be a UUID");
        }
    }

    private static Instant instant(Map<String, Object> json, String field) {
        try {
            return Instant.parse(text(json, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": must be an ISO-8601 instant");
        }
    }
}
