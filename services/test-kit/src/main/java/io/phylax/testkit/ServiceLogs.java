package io.phylax.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The log file of a running service ({@code .state/logs/<service>.log}), read from a mark onwards. */
public final class ServiceLogs {

    private final Path file;
    private final long mark;

    private ServiceLogs(Path file, long mark) {
        this.file = file;
        this.mark = mark;
    }

    /** Marks the current end of {@code service}'s log; {@link #sinceMark()} returns what was written after it. */
    public static ServiceLogs mark(String service) {
        Path file = LocalStack.get().stateDir().resolve("logs").resolve(service + ".log");
        try {
            return new ServiceLogs(file, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("no log for " + service + " (is it running under this stack?)", e);
        }
    }

    /** The text appended since the mark (all of the file if it was rotated in between). */
    public String sinceMark() {
        try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
            long start = log.length() < mark ? 0 : mark;
            byte[] tail = new byte[(int) (log.length() - start)];
            log.seek(start);
            log.readFully(tail);
            return new String(tail, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
