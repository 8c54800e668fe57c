package io.phylax.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Stops, kills, freezes and restarts the local stack's own parts and services, by the PIDs the stack recorded
 * under its state directory and through its own script ({@code deploy/local/bin/stack}), for the fault-injection
 * suite (issue 9, ADR 0091). Nothing here looks for processes by name: only this stack's parts are ever touched.
 *
 * <p>The script is run with the test JVM's environment, so a stack started with shifted ports
 * ({@code PHYLAX_PG_PORT=25432 ...}) must be restarted with the same variables exported.
 */
public final class StackParts {

    private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(4);

    private StackParts() {}

    /** SIGKILL to a part's recorded process (a crash: no shutdown hook, no offset commit). */
    public static void kill(String part) {
        signal("KILL", LocalStack.get().pidOf(part));
        awaitGone(LocalStack.get().pidOf(part), Duration.ofSeconds(30));
    }

    /** SIGSTOP until the returned fault is closed (SIGCONT): the process holds its sockets and answers nothing. */
    public static Faults.Fault freeze(String part) {
        long pid = LocalStack.get().pidOf(part);
        signal("STOP", pid);
        return () -> signal("CONT", pid);
    }

    /** SIGTERM to a part's whole process group (Keycloak runs as kc.sh and a JVM), waiting until it is gone. */
    public static void terminate(String part) {
        long pid = LocalStack.get().pidOf(part);
        signal("TERM", -pid);
        awaitGone(pid, Duration.ofSeconds(60));
    }

    /**
     * Stops PostgreSQL with a fast shutdown (SIGINT to the postmaster: sessions are ended, nothing committed is
     * lost). The recorded PID may be a {@code runuser} wrapper, so the postmaster's PID comes from its own file.
     */
    public static void stopPostgres() {
        Path pidFile = LocalStack.get().stateDir().resolve("postgres/data/postmaster.pid");
        long postmaster;
        try {
            postmaster = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL is not running under this stack", e);
        }
        signal("INT", postmaster);
        awaitGone(postmaster, Duration.ofSeconds(60));
    }

    /** Starts every infrastructure part that is not running ({@code stack up} is idempotent). */
    public static void restartInfrastructure() {
        stack("up");
    }

    /** Starts every service that is not running and waits until all four are ready. */
    public static void restartServices() {
        stack("services");
    }

    /**
     * Starts a second replica of each of {@code services} side by side ({@code stack replica start}: same jar and
     * configuration, ports shifted by {@code PHYLAX_REPLICA_PORT_OFFSET}), waits until all are ready and returns
     * their URLs in the same order. {@code settings} go to the replicas alone ({@code PHYLAX_REPLICA_CONFIG}). A
     * replica's part name, for {@link #kill} and {@link #running}, is {@code <service>-replica}.
     */
    public static List<String> startReplicas(List<String> services, Map<String, String> settings) {
        List<String> command = new ArrayList<>(List.of("replica", "start"));
        command.addAll(services);
        String config = settings.entrySet().stream()
                .map(setting -> setting.getKey() + "=" + setting.getValue())
                .collect(Collectors.joining(" "));
        String output = stack(Map.of("PHYLAX_REPLICA_CONFIG", config), command.toArray(String[]::new));
        List<String> urls =
                output.lines().filter(line -> line.startsWith("http://")).toList();
        if (urls.size() != services.size()) {
            throw new IllegalStateException("stack replica start printed " + urls.size() + " URLs:\n" + output);
        }
        return urls;
    }

    /** Stops the second replicas of {@code services}, those that run. */
    public static void stopReplicas(List<String> services) {
        List<String> command = new ArrayList<>(List.of("replica", "stop"));
        command.addAll(services);
        stack(Map.of(), command.toArray(String[]::new));
    }

    /** Whether the part's recorded process is alive. */
    public static boolean running(String part) {
        try {
            return ProcessHandle.of(LocalStack.get().pidOf(part))
                    .map(ProcessHandle::isAlive)
                    .orElse(false);
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static String stack(String... command) {
        return stack(Map.of(), command);
    }

    private static String stack(Map<String, String> environment, String... command) {
        Path script = home().resolve("deploy/local/bin/stack");
        List<String> args = new ArrayList<>(List.of("bash", script.toString()));
        args.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        builder.environment()
                .put("PHYLAX_STATE_DIR", LocalStack.get().stateDir().toString());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(SCRIPT_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "stack " + String.join(" ", command) + " did not finish within " + SCRIPT_LIMIT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("stack " + String.join(" ", command) + " failed (" + process.exitValue()
                        + "):\n" + new String(output, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The repository root: the nearest directory above the working directory that holds the stack script. */
    private static Path home() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/bin/stack"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "deploy/local/bin/stack not found above " + Path.of("").toAbsolutePath());
    }

    private static void awaitGone(long pid, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("process " + pid + " still alive after " + patience);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", Long.toString(pid))
                    .inheritIO()
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("could not send SIG" + signal + " to " + pid);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not send SIG" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
