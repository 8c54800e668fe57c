package io.phylax.vault.adapter.out.persistence;

import java.time.Instant;

/**
 * Database times in native queries, read as epoch microseconds: exact, and free of driver-specific temporal
 * types. The database's clock is the one that decides expiries.
 */
final class DbTimes {

    private DbTimes() {}

    /** The SQL that reads a timestamptz column (or expression) as epoch microseconds. */
    static String micros(String column) {
        return "CAST(extract(epoch FROM " + column + ") * 1000000 AS bigint)";
    }

    /** The instant of a value selected through {@link #micros}; null stays null. */
    static Instant instant(Object micros) {
        if (micros == null) {
            return null;
        }
        long value = ((Number) micros).longValue();
        return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000L);
    }
}
