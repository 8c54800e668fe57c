package io.phylax.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.phylax.keys.TransitStandIn;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.LocalStack;

/**
 * A second vault process from the packaged jar, on the stack's own configuration but with the {@code vault-transit}
 * key provider pointed at a Transit stand-in in this JVM, so the key service can be taken away while the vault runs.
 * The stack's own vault keeps the local keyring, which is read once at start and cannot be made unavailable at run
 * time. This one neither relays the outbox nor runs the retention job: it only answers the test's calls.
 */
final class TransitVault implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final TransitStandIn keyService;
    private final Process process;
    private final int port;
    private boolean keyServiceStopped;

    private TransitVault(TransitStandIn keyService, Process process, int port) {
        this.keyService = keyService;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the stand-in and the vault on free ports and waits until the vault is ready. The vault keeps unwrapped
     * data keys for {@code keyCacheTtl} (the production default is 5 minutes; a short one lets a test wait it out).
     */
    static TransitVault start(Duration keyCacheTtl) {
        TransitStandIn keyService = TransitStandIn.start();
        try {
            Path dir = Files.createDirectories(Path.of("target/transit-vault"));
            Path tokenFile = dir.resolve("token");
            Files.writeString(tokenFile, keyService.token());
            int port = freePort();
            Path stack = LocalStack.get().stateDir();
            Path jar = home().resolve("services/phi-vault/target/quarkus-app/quarkus-run.jar");
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m",
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.http.ssl-port=" + freePort(),
                    "-Dphylax.vault.keys.provider=vault-transit",
                    "-Dphylax.vault.keys.transit.address=" + keyService.address(),
                    "-Dphylax.vault.keys.transit.token-file=" + tokenFile.toAbsolutePath(),
                    "-Dphylax.vault.keys.transit.mount=" + keyService.mount(),
                    "-Dphylax.vault.keys.transit.create-missing-keys=true",
                    "-Dphylax.vault.keys.transit.timeout=PT2S",
                    // Blind-index keys of its own: the stack's are wrapped by the local keyring, not by this Transit.
                    "-Dphylax.vault.keys.index-key-scope=fault-suite-" + UUID.randomUUID(),
                    "-Dphylax.vault.keys.cache-ttl=" + keyCacheTtl,
                    "-Dphylax.vault.outbox.enabled=false",
                    "-Dphylax.vault.retention.every=off",
                    "-jar",
                    jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command);
            // From the environment, not a -D: a location inherits the ordinal of the source naming it, and as a
            // system property the stack's file would tie with the overrides below and keep the stack's ports.
            builder.environment()
                    .put(
                            "QUARKUS_CONFIG_LOCATIONS",
                            stack.resolve("config/phi-vault.properties").toString());
            Process process = builder.redirectErrorStream(true)
                    .redirectOutput(dir.resolve("vault.log").toFile())
                    .start();
            TransitVault vault = new TransitVault(keyService, process, port);
            vault.awaitReady();
            return vault;
        } catch (IOException e) {
            keyService.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            keyService.close();
            throw e;
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The key service stops answering at all (its port closes). */
    void stopKeyService() {
        if (!keyServiceStopped) {
            keyServiceStopped = true;
            keyService.close();
        }
    }

    private void awaitReady() {
        Eventually.within(Duration.ofMinutes(2), "the Transit-backed vault to be ready", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the Transit-backed vault exited: see target/transit-vault/vault.log");
            }
            try {
                int status = HTTP.send(
                                HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                return Optional.of(status).filter(s -> s == 200);
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        });
    }

    /** Stops the vault process (only the one this class started) and the stand-in. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        stopKeyService();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path home() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("services/phi-vault/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "the repository root is not above " + Path.of("").toAbsolutePath());
    }
}
