package io.phylax.audit.adapter.out.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/** Just enough ASN.1 DER to write a self-signed X.509 certificate (the JDK has no public API for that). */
final class Der {

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private Der() {}

    static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    /** A non-negative INTEGER from its big-endian magnitude. */
    static byte[] positiveInteger(byte[] magnitude) {
        int start = 0;
        while (start < magnitude.length - 1 && magnitude[start] == 0 && (magnitude[start + 1] & 0x80) == 0) {
            start++;
        }
        byte[] trimmed = Arrays.copyOfRange(magnitude, start, magnitude.length);
        // A set top bit would read as negative: a leading zero keeps it positive.
        return tlv(0x02, (trimmed[0] & 0x80) != 0 ? concat(new byte[] {0}, trimmed) : trimmed);
    }

    static byte[] objectIdentifier(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, 40L * arcs[0] + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            base128(out, arcs[i]);
        }
        return tlv(0x06, out.toByteArray());
    }

    static byte[] utf8String(String text) {
        return tlv(0x0C, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] bitString(byte[] bits) {
        return tlv(0x03, concat(new byte[] {0}, bits));
    }

    /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
    static byte[] time(Instant instant) {
        int year = instant.atZone(ZoneOffset.UTC).getYear();
        if (year >= 1950 && year < 2050) {
            return tlv(0x17, UTC_TIME.format(instant.atZone(ZoneOffset.UTC)).getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(0x18, GENERALIZED_TIME.format(instant.atZone(ZoneOffset.UTC)).getBytes(StandardCharsets.US_ASCII));
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = (int) ((value >>> (7 * i)) & 0x7F);
            out.write(i == 0 ? group : group | 0x80);
        }
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((length >>> (8 * i)) & 0xFF);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
