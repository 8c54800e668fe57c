package io.phylax.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services' resident memory (from {@code /proc}, by the PIDs the stack recorded) idle and at its highest
 * under load, and their start-up time to ready: as each service's log states it, and optionally by timing a
 * restart of one service through the stack script at the very end of a run.
 */
final class Footprint {

    static final List<String> SERVICES = List.of("phi-vault", "audit", "notification", "reporting");
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final String VAULT_JAVA_OPTS = "PHYLAX_VAULT_JAVA_OPTS";

    private final Path stateDir;
    private final Map<String, Long> peakKb = new ConcurrentHashMap<>();
    private volatile Thread sampler;

    Footprint(Path stateDir) {
        this.stateDir = stateDir;
    }

    /** RSS in MiB of each running service now. */
    Map<String, Double> rssNowMb() {
        Map<String, Double> now = new LinkedHashMap<>();
        for (String service : SERVICES) {
            long kb = rssKb(service);
            if (kb > 0) {
                now.put(service, kb / 1024.0);
            }
        }
        return now;
    }

    /** Starts sampling every 500 ms, keeping each service's highest RSS, until {@link #stopSampling()}. */
    void startSampling() {
        sampler = Thread.ofPlatform().daemon().name("bench-rss").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (String service : SERVICES) {
                    peakKb.merge(service, rssKb(service), Math::max);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    void stopSampling() {
        if (sampler != null) {
            sampler.interrupt();
        }
    }

    /** The highest RSS in MiB seen while sampling. */
    Map<String, Double> peakMb() {
        Map<String, Double> peak = new LinkedHashMap<>();
        SERVICES.forEach(s -> {
            long kb = peakKb.getOrDefault(s, 0L);
            if (kb > 0) {
                peak.put(s, kb / 1024.0);
            }
        });
        return peak;
    }

    /** Seconds to ready as each service's current log reports it ("started in N s"), where it says so. */
    Map<String, Double> startupFromLogs() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Path log = stateDir.resolve("logs").resolve(service + ".log");
            try {
                if (Files.isRegularFile(log)) {
                    Double last = null;
                    for (String line : Files.readAllLines(log)) {
                        Matcher m = STARTED.matcher(line);
                        if (m.find()) {
                            last = Double.parseDouble(m.group(1));
                        }
                    }
                    if (last != null) {
                        seconds.put(service, last);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // A log being rotated under us: leave this service out rather than guess.
            }
        }
        return seconds;
    }

    /**
     * Stops one service by its recorded PID, starts it again through {@code deploy/local/bin/stack services}
     * and times from the start command to {@code /q/health/ready} answering; seconds, wall clock.
     *
     * @param vaultJavaOpts extra JVM options for the vault ({@code PHYLAX_VAULT_JAVA_OPTS}); null for a normal start
     */
    double restart(String service, Path repository, String healthUrl, String vaultJavaOpts)
            throws IOException, InterruptedException {
        Path pidFile = stateDir.resolve("run").resolve(service + ".pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle handle = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(service + " (pid " + pid + ") is not running"));
        handle.destroy();
        handle.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        Files.deleteIfExists(pidFile);
        long start = System.nanoTime();
        ProcessBuilder starter = new ProcessBuilder(
                        repository.resolve("deploy/local/bin/stack").toString(), "services")
                .directory(repository.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // Never inherited: a normal start must not pick up the encryption-off options from the caller's shell.
        starter.environment().remove(VAULT_JAVA_OPTS);
        if (vaultJavaOpts != null) {
            starter.environment().put(VAULT_JAVA_OPTS, vaultJavaOpts);
        }
        Process stack = starter.start();
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = start + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create(healthUrl)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    stack.waitFor();
                    return seconds;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(service + " was not ready within 3 minutes after a restart");
    }

    /** Whether the service's current log holds the given text (its start-up warnings, for example). */
    boolean logSays(String service, String text) {
        try {
            return Files.readString(stateDir.resolve("logs").resolve(service + ".log"))
                    .contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private long rssKb(String service) {
        try {
            long pid = Long.parseLong(Files.readString(stateDir.resolve("run").resolve(service + ".pid"))
                    .strip());
            Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0; // not running: reported as absent
        }
    }
}
