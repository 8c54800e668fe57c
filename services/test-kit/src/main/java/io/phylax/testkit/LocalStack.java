package io.phylax.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The running local stack as integration tests see it: read from {@code stack.env} and the files under the
 * state directory that {@code deploy/local/bin/stack up} wrote. Tests never start their own copy of a part.
 *
 * <p>The state directory is the system property {@code phylax.state.dir}, else {@code PHYLAX_STATE_DIR},
 * else the nearest {@code .state} above the working directory.
 */
public final class LocalStack {

    private static LocalStack instance;

    private final Path stateDir;
    private final Map<String, String> env;

    private LocalStack(Path stateDir) {
        this.stateDir = stateDir;
        this.env = parse(stateDir.resolve("stack.env"));
    }

    /** The stack the build was pointed at; fails with a clear message when it has not been started. */
    public static synchronized LocalStack get() {
        if (instance == null) {
            instance = new LocalStack(locateStateDir());
        }
        return instance;
    }

    private static Path locateStateDir() {
        String configured = System.getProperty("phylax.state.dir", System.getenv("PHYLAX_STATE_DIR"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(".state/stack.env"))) {
                return dir.resolve(".state");
            }
        }
        throw new IllegalStateException(
                "No running local stack found: run `make test` (or `make run`) from the repository root");
    }

    private static Map<String, String> parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: the local stack is not up (make run)");
        }
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (!trimmed.startsWith("export ")) {
                    continue;
                }
                String assignment = trimmed.substring("export ".length());
                int eq = assignment.indexOf('=');
                String value = assignment.substring(eq + 1);
                if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(assignment.substring(0, eq), value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    /** A value from {@code stack.env}, e.g. {@code PHYLAX_KAFKA_BOOTSTRAP}. */
    public String env(String name) {
        String value = env.get(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not in " + stateDir.resolve("stack.env"));
        }
        return value;
    }

    public Path stateDir() {
        return stateDir;
    }

    public String keycloakUrl() {
        return env("PHYLAX_KEYCLOAK_URL");
    }

    public String issuer() {
        return keycloakUrl() + "/realms/" + env("PHYLAX_REALM");
    }

    /** Keycloak's HTTPS listener (client certificates requested), where service tokens are certificate-bound. */
    public String keycloakTlsUrl() {
        return env("PHYLAX_KEYCLOAK_TLS_URL");
    }

    /**
     * The realm on Keycloak's HTTPS listener: its endpoints (not its issuer, which stays {@link #issuer()} whichever
     * listener issued a token).
     */
    public String tlsIssuerEndpoint() {
        return keycloakTlsUrl() + "/realms/" + env("PHYLAX_REALM");
    }

    public String kafkaBootstrap() {
        return env("PHYLAX_KAFKA_BOOTSTRAP");
    }

    /** The JDBC URL (with the service's own demo credentials) of one service's database. */
    public String jdbcUrl(String service) {
        return env("PHYLAX_DB_" + service.toUpperCase().replace('-', '_'));
    }

    /** A local secret the stack generated (client secrets, the demo users' password, store passwords). */
    public String secret(String name) {
        try {
            return Files.readString(stateDir.resolve("secrets").resolve(name)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("local secret " + name + " is missing", e);
        }
    }

    /** The PKCS#12 keystore (key and certificate signed by the local CA) of a service or Kafka principal. */
    public Path keystore(String principal) {
        return stateDir.resolve("pki").resolve(principal + ".p12");
    }

    /** The PKCS#12 truststore holding the local CA. */
    public Path truststore() {
        return stateDir.resolve("pki/truststore.p12");
    }

    /** The PID the stack recorded for one of its parts ({@code postgres}, {@code kafka}, ...). */
    public long pidOf(String part) {
        try {
            return Long.parseLong(Files.readString(stateDir.resolve("run").resolve(part + ".pid"))
                    .strip());
        } catch (IOException e) {
            throw new UncheckedIOException(part + " is not running under this stack", e);
        }
    }

    public String storePassword() {
        return secret("pki-store-password");
    }
}
