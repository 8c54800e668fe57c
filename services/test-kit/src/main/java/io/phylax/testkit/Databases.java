package io.phylax.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** JDBC connections to the stack's PostgreSQL, as each service's own role. */
public final class Databases {

    private Databases() {}

    /** A connection to {@code service}'s database with that service's credentials. */
    public static Connection connect(String service) throws SQLException {
        return DriverManager.getConnection(LocalStack.get().jdbcUrl(service));
    }

    /** A connection to {@code service}'s database as its owner (the migration role), to stage faults in tests. */
    public static Connection connectAsOwner(String service) throws SQLException {
        String db = service.replace('-', '_');
        return DriverManager.getConnection(
                LocalStack.get().jdbcUrl(service).replaceFirst("\\?.*$", ""),
                db + "_owner",
                LocalStack.get().secret("db-" + service + "-owner"));
    }

    /**
     * A connection to another database of {@code service} (a restored copy, say) as the service's owner role, which
     * sees every tenant's rows (the runtime role sees only the tenant its transaction names, ADR 0024).
     */
    public static Connection connectAsOwner(String service, String database) throws SQLException {
        String own = service.replace('-', '_');
        return DriverManager.getConnection(
                LocalStack.get()
                        .jdbcUrl(service)
                        .replaceFirst("\\?.*$", "")
                        .replace("/" + own, "/" + database.replace('-', '_')),
                own + "_owner",
                LocalStack.get().secret("db-" + service + "-owner"));
    }

    /** A connection to {@code database} using {@code asService}'s credentials (for crossing attempts). */
    public static Connection connect(String database, String asService) throws SQLException {
        String own = LocalStack.get().jdbcUrl(asService);
        String ownDb = asService.replace('-', '_');
        return DriverManager.getConnection(own.replace("/" + ownDb + "?", "/" + database.replace('-', '_') + "?"));
    }
}
