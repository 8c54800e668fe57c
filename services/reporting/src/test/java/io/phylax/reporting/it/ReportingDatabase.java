package io.phylax.reporting.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.phylax.testkit.Databases;

/** Direct looks into reporting's database. */
final class ReportingDatabase {

    private ReportingDatabase() {}

    /** The tenant's stored count of one event type over all days and record types (0 when none). */
    static long count(String tenant, String eventType) {
        return queryLong(
                "SELECT coalesce(sum(count), 0) FROM activity_count WHERE tenant = ? AND event_type = ?",
                tenant,
                eventType);
    }

    /** The tenant's stored count on one day, all types together. */
    static long countOn(String tenant, LocalDate day) {
        return queryLong(
                "SELECT coalesce(sum(count), 0) FROM activity_count WHERE tenant = ? AND day = ?", tenant, day);
    }

    /** How many rows hold the tenant's counts (one per day, type and record type). */
    static long rows(String tenant) {
        return queryLong("SELECT count(*) FROM activity_count WHERE tenant = ?", tenant);
    }

    /** Whether any count of the two demo tenants falls in the year (another run may have used it). */
    static boolean yearInUse(int year) {
        return queryLong(
                        "SELECT count(*) FROM activity_count WHERE tenant IN ('clinic-a', 'clinic-b')"
                                + " AND day BETWEEN ? AND ?",
                        LocalDate.of(year, 1, 1),
                        LocalDate.of(year, 12, 31))
                > 0;
    }

    /**
     * Every table, in every schema of the database that is not PostgreSQL's own, with a row whose text (all
     * its columns) contains {@code needle}, case-insensitively. Read as the owner, so no table is hidden.
     */
    static List<String> tablesContaining(String needle) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection db = Databases.connectAsOwner("reporting")) {
            List<String> tables = new ArrayList<>();
            try (Statement st = db.createStatement();
                    ResultSet rs = st.executeQuery("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
                            + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                            + " AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (tables.isEmpty()) {
                throw new IllegalStateException("reporting's database has no tables to look into");
            }
            for (String table : tables) {
                try (PreparedStatement st =
                        db.prepareStatement("SELECT count(*) FROM " + table + " t WHERE t::text ILIKE ?")) {
                    st.setString(1, "%" + needle + "%");
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            found.add(table);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static long queryLong(String sql, Object... parameters) {
        try (Connection db = Databases.connect("reporting");
                PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not query reporting's database", e);
        }
    }
}
