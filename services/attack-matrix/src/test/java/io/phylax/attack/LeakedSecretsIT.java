package io.phylax.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.phylax.testkit.LocalStack;

/**
 * The local secrets the stack generated (client secrets, passwords, passphrases, the realm's signing key)
 * appear in no file of the repository (sources, properties, realm files, chart) and in no service's log.
 */
class LeakedSecretsIT {

    /** Directories that are generated or hold the secrets themselves, not sources. */
    private static final Set<String> SKIPPED = Set.of(".state", ".git", "target", "node_modules", ".idea");

    private static final Map<String, String> SECRETS = new HashMap<>();

    @BeforeAll
    static void readTheGeneratedSecrets() throws IOException {
        // Recursively: the MFA users' OTP secrets live in secrets/otp/ (ADR 0063).
        try (Stream<Path> files = Files.walk(LocalStack.get().stateDir().resolve("secrets"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String value = Files.readString(file).strip();
                // Short values could match by chance; every generated secret is far longer.
                if (value.length() >= 16) {
                    SECRETS.put(file.getFileName().toString(), value);
                }
            }
        }
        assertThat(SECRETS).as("generated secrets found").isNotEmpty();
    }

    @Test
    void noGeneratedSecretIsInAnyRepositoryFile() throws IOException {
        Path root = LocalStack.get().stateDir().toAbsolutePath().getParent();
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .filter(file -> SKIPPED.stream()
                            .noneMatch(skip -> root.relativize(file).startsWith(skip)
                                    || root.relativize(file).toString().contains("/" + skip + "/")))
                    .forEach(file ->
                            leaks.addAll(secretsIn(file, root.relativize(file).toString())));
        }
        assertThat(leaks).as("secret name @ file").isEmpty();
    }

    @Test
    void noGeneratedSecretIsInAnyServiceLog() throws IOException {
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> logs = Files.list(LocalStack.get().stateDir().resolve("logs"))) {
            logs.filter(Files::isRegularFile)
                    .forEach(
                            log -> leaks.addAll(secretsIn(log, log.getFileName().toString())));
        }
        assertThat(leaks).as("secret name @ log").isEmpty();
    }

    private static List<String> secretsIn(Path file, String name) {
        String text;
        try {
            if (Files.size(file) > 64L * 1024 * 1024) {
                return List.of();
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException unreadable) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        SECRETS.forEach((secret, value) -> {
            if (text.contains(value)) {
                found.add(secret + " @ " + name);
            }
        });
        return found;
    }
}
