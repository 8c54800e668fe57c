package io.phylax.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in OpenTelemetry collector: accepts OTLP over HTTP ({@code /v1/traces}, {@code /v1/metrics},
 * {@code /v1/logs}) on 127.0.0.1 and appends each request body, unparsed, to {@code <dir>/<signal>.otlp}.
 *
 * <p>Kept unparsed on purpose: protobuf carries strings as raw UTF-8, so a byte search of the file finds any text
 * a service exported (the PHI canary sweep reads it this way) without a protobuf or OTel dependency. Runs inside a
 * test ({@link #startIfFree}) or, for services that live longer than one test, as its own process started before
 * them: {@code java -cp services/test-kit/target/classes io.phylax.testkit.OtlpSink <port> <dir>}.
 */
public final class OtlpSink implements AutoCloseable {

    /** The port the local stack's sink listens on unless {@code PHYLAX_OTLP_SINK_PORT} says otherwise. */
    public static final int DEFAULT_PORT = 14318;

    private final HttpServer server;
    private final ExecutorService workers;

    private OtlpSink(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    /** The sink's port: {@code PHYLAX_OTLP_SINK_PORT}, else {@link #DEFAULT_PORT}. */
    public static int port() {
        String configured = System.getenv("PHYLAX_OTLP_SINK_PORT");
        return configured == null || configured.isBlank() ? DEFAULT_PORT : Integer.parseInt(configured.strip());
    }

    /** Where the sink keeps what it received: {@code <state dir>/otlp}. */
    public static Path directory() {
        return LocalStack.get().stateDir().resolve("otlp");
    }

    /** The file one signal ({@code traces}, {@code metrics}, {@code logs}) is appended to. */
    public static Path file(Path dir, String signal) {
        return dir.resolve(signal + ".otlp");
    }

    /**
     * Starts a sink on {@code port} unless something already listens there (a sink that {@code run-tests}
     * started before the services); empty in that case, and the files under {@code dir} are still the place to
     * read.
     */
    public static Optional<OtlpSink> startIfFree(int port, Path dir) {
        try {
            return Optional.of(start(port, dir));
        } catch (BindException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OtlpSink start(int port, Path dir) throws IOException {
        Files.createDirectories(dir);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        for (String signal : new String[] {"traces", "metrics", "logs"}) {
            server.createContext("/v1/" + signal, exchange -> receive(exchange, file(dir, signal)));
        }
        ExecutorService workers = Executors.newFixedThreadPool(2);
        server.setExecutor(workers);
        server.start();
        return new OtlpSink(server, workers);
    }

    private static void receive(HttpExchange exchange, Path file) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            byte[] body;
            try (InputStream in = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            synchronized (OtlpSink.class) {
                Files.write(file, body, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            // An empty Export*ServiceResponse: full success, in the content type the exporter sent.
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            exchange.getResponseHeaders().set("Content-Type", type == null ? "application/x-protobuf" : type);
            byte[] answer = type != null && type.contains("json")
                    ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : new byte[0];
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    /** Standalone: {@code OtlpSink <port> <dir>}; runs until the process is stopped. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: OtlpSink <port> <directory>");
            System.exit(2);
        }
        start(Integer.parseInt(args[0]), Path.of(args[1]));
        System.out.println("OTLP sink listening on 127.0.0.1:" + args[0] + ", writing to " + args[1]);
    }
}
