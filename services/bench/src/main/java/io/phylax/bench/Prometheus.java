package io.phylax.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The vault's Prometheus endpoint ({@code /q/metrics}, no authentication) and a reader of its text exposition. */
final class Prometheus {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Prometheus() {}

    /** The exposition now, or null if the vault's metrics do not answer (then: not measured). */
    static String scrape(String vaultUrl) {
        try {
            // Bounded: the soak reads it every interval and must not stall on a vault that stopped answering.
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(vaultUrl + "/q/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The sum of a metric's samples whose labels include the given ones, or null if it has none. The name must
     * match whole ({@code sql_pool_active} is not {@code sql_pool_active_total}); an OpenMetrics exemplar
     * ({@code # {trace_id=...} 1.0 <time>}) or a timestamp after the value is not the value.
     */
    static Double sum(String exposition, String metric, Map<String, String> labels) {
        Double sum = null;
        for (String line : exposition.lines().toList()) {
            if (!line.startsWith(metric) || line.length() == metric.length()) {
                continue;
            }
            char next = line.charAt(metric.length());
            if (next != '{' && next != ' ') {
                continue;
            }
            Map<String, String> found = new HashMap<>();
            int afterLabels = next == '{' ? labels(line, metric.length() + 1, found) : metric.length();
            if (afterLabels < 0 || !found.entrySet().containsAll(labels.entrySet())) {
                continue;
            }
            String[] rest = line.substring(afterLabels).strip().split("\\s+");
            sum = (sum == null ? 0 : sum) + value(rest[0]);
        }
        return sum;
    }

    /**
     * Reads {@code name="value"} pairs from {@code from} up to the closing brace into {@code into}; the index after
     * the brace, or -1 if the line is cut short. A value may hold escaped quotes, commas and braces.
     */
    private static int labels(String line, int from, Map<String, String> into) {
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == ',' || c == ' ') {
                i++;
                continue;
            }
            int equals = line.indexOf('=', i);
            if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
                return -1;
            }
            StringBuilder value = new StringBuilder();
            int j = equals + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char v = line.charAt(j);
                if (v == '\\' && j + 1 < line.length()) {
                    v = line.charAt(++j);
                    value.append(v == 'n' ? '\n' : v);
                } else {
                    value.append(v);
                }
            }
            if (j >= line.length()) {
                return -1;
            }
            into.put(line.substring(i, equals).strip(), value.toString());
            i = j + 1;
        }
        return -1;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
