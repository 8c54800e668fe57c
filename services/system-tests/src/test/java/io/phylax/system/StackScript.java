package io.phylax.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.phylax.testkit.LocalStack;

/** Runs the local stack's own script ({@code deploy/local/bin/stack}) the way an operator would. */
final class StackScript {

    /** What one run printed and how it ended. */
    record Result(int exitCode, String output) {
        /** The last line the command printed (commands that produce a path print it last). */
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    private StackScript() {}

    static Result run(String... args) {
        Path script = home().resolve("deploy/local/bin/stack");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment()
                .put("PHYLAX_STATE_DIR", LocalStack.get().stateDir().toString());
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("stack " + String.join(" ", args) + " did not finish within 5 minutes");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command that must succeed, failing the test with its output otherwise. */
    static Result ok(String... args) {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    "stack " + String.join(" ", args) + " failed (" + result.exitCode() + "):\n" + result.output());
        }
        return result;
    }

    /** The repository root: the nearest directory above the working directory that holds the stack script. */
    static Path home() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/bin/stack"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "deploy/local/bin/stack not found above " + Path.of("").toAbsolutePath());
    }
}
