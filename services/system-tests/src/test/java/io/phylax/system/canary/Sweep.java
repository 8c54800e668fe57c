package io.phylax.system.canary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.phylax.system.canary.Needles.Match;
import io.phylax.testkit.Databases;
import io.phylax.testkit.GreenMail;
import io.phylax.testkit.GreenMail.Mail;
import io.phylax.testkit.KafkaClients;

/**
 * Searches one kind of place for canaries and collects what it found ({@link Finding}s) and what it covered.
 * Each method is one kind of place; the test decides which needles apply where (ADR 0080).
 */
final class Sweep {

    /** Ciphertext and wrapped keys in the vault: swept too, where only plaintext could ever match. */
    static final Set<String> VAULT_CIPHERTEXT =
            Set.of("vault_event.ciphertext", "stream_state.ciphertext", "data_key.wrapped", "blind_index_key.wrapped");

    private static final Duration KAFKA_PATIENCE = Duration.ofMinutes(3);
    private static final int MAX_FINDINGS_PER_PLACE = 3;

    private final List<Finding> findings = new ArrayList<>();
    private final List<String> covered = new ArrayList<>();

    List<Finding> findings() {
        return List.copyOf(findings);
    }

    /** One line per kind of place: what was searched, for which needles. */
    List<String> covered() {
        return List.copyOf(covered);
    }

    void note(String line) {
        covered.add(line);
    }

    /** Adds every match of {@code needles} in {@code text} at {@code place}, unless {@code allowed} admits it. */
    void search(String place, String text, Needles needles, Predicate<Allowance> allowed) {
        int count = 0;
        for (Match match : needles.find(text)) {
            if (allowed.test(new Allowance(text, match))) {
                continue;
            }
            if (count++ < MAX_FINDINGS_PER_PLACE) {
                findings.add(new Finding(place, needles.description(), Needles.excerpt(text, match)));
            }
        }
    }

    void search(String place, String text, Needles needles) {
        search(place, text, needles, a -> false);
    }

    void search(String place, byte[] bytes, Needles needles) {
        if (bytes != null) {
            search(place, new String(bytes, StandardCharsets.ISO_8859_1), needles);
        }
    }

    /** A match and its surroundings, for deciding whether it is one of the places allowed to hold a canary. */
    record Allowance(String text, Match match) {
        /** The match is the canary's e-mail address: the canary followed by {@code @example.org}. */
        boolean isEmailAddress() {
            int end = match.offset() + match.needle().text().length();
            return match.needle().form().equals("text")
                    && text.regionMatches(true, end, "@example.org", 0, "@example.org".length());
        }
    }

    // ---- HTTP ----

    /** Response headers of every call, and the body of every call that may not show PHI (errors above all). */
    void exchanges(Collection<Exchange> exchanges, Needles needles) {
        int bodies = 0;
        for (Exchange exchange : exchanges) {
            exchange.headers().map().forEach((name, values) -> {
                for (String value : values) {
                    search("HTTP " + exchange.call() + " → " + exchange.status() + ", header " + name, value, needles);
                }
            });
            if (!exchange.bodyMayHoldPhi()) {
                bodies++;
                search("HTTP " + exchange.call() + " → " + exchange.status() + ", body", exchange.body(), needles);
            }
        }
        note("HTTP: headers of " + exchanges.size() + " responses, bodies of " + bodies
                + " (errors, and answers to roles whose view shows no PHI): " + needles.description());
    }

    // ---- Logs ----

    /**
     * Every file under {@code logs} (rotated ones too). Files whose name starts with {@code smtp} are the relay's:
     * it may hold the canary's e-mail address (it received mail for it), nothing else; they are left out when
     * {@code withRelay} is false (any test's address is in them, so the generic prefix means nothing there).
     */
    void logs(Path logs, Needles needles, boolean withRelay) {
        List<Path> files;
        try (Stream<Path> list = Files.list(logs)) {
            files = list.filter(Files::isRegularFile)
                    .filter(f -> withRelay || !f.getFileName().toString().startsWith("smtp"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            boolean relay = name.startsWith("smtp");
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < lines.size(); i++) {
                search("log " + name + ":" + (i + 1), lines.get(i), needles, a -> relay && a.isEmailAddress());
            }
        }
        note("logs: " + files.size() + " files under " + logs + ": " + needles.description()
                + (withRelay ? " (the relay's own log may hold the recipient address)" : ", the relay's left out"));
    }

    /** A file of unknown format, searched as bytes (the Keycloak store, the OTLP sink's files). */
    void file(String place, Path file, long from, Needles needles) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            byte[] all = Files.readAllBytes(file);
            int start = (int) Math.min(all.length, Math.max(0, from));
            byte[] part = java.util.Arrays.copyOfRange(all, start, all.length);
            search(place, part, needles);
            note(place + ": " + part.length + " bytes: " + needles.description());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- Spans ----

    /**
     * OTLP export requests, concatenated as the sink stored them, read as ISO-8859-1. Each hit is its own place,
     * named by the service of the enclosing resource, so one chatty service cannot hide another behind the cap.
     */
    void spans(String otlp, Needles needles) {
        for (Match match : needles.find(otlp)) {
            String place = "spans of " + exportingService(otlp, match.offset()) + " (OTLP byte " + match.offset() + ")";
            findings.add(new Finding(place, needles.description(), Needles.excerpt(otlp, match)));
        }
    }

    /**
     * The {@code service.name} of the resource a byte belongs to: a resource's attributes precede its spans, so
     * it is the nearest one before it. Encoded as KeyValue{1: key, 2: AnyValue{1: string_value}}.
     */
    static String exportingService(String otlp, int offset) {
        int key = otlp.lastIndexOf("service.name", offset);
        int at = key + "service.name".length();
        if (key < 0 || at + 4 > otlp.length() || otlp.charAt(at) != 0x12 || otlp.charAt(at + 2) != 0x0a) {
            return "an unknown service";
        }
        int length = otlp.charAt(at + 3);
        return otlp.substring(at + 4, Math.min(otlp.length(), at + 4 + length));
    }

    // ---- Kafka ----

    /** Keys, values and headers of every record of every topic (dead-letter topics too), from the beginning. */
    void kafka(Needles needles) {
        Set<String> topics;
        try (Admin admin = KafkaClients.admin("kafka-admin")) {
            topics = admin.listTopics().names().get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the topics", e);
        }
        long records = 0;
        for (String topic : topics.stream().sorted().toList()) {
            records += topic(topic, needles);
        }
        note("Kafka: " + records + " records of " + topics.size() + " topics "
                + topics.stream().sorted().toList() + ": " + needles.description());
    }

    /** One topic from its beginning to the end it had when the sweep began reading it; returns the record count. */
    long topic(String topic, Needles needles) {
        var props = KafkaClients.as("kafka-admin");
        // read_uncommitted (the default): aborted transactions' records are swept too (ADR 0092).
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            long deadline = System.nanoTime() + KAFKA_PATIENCE.toNanos();
            while (!ends.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("reading " + topic + " took longer than " + KAFKA_PATIENCE);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    count++;
                    String at = "Kafka " + topic + "-" + record.partition() + "@" + record.offset();
                    search(at + " key", record.key(), needles);
                    search(at + " value", record.value(), needles);
                    for (Header header : record.headers()) {
                        search(at + " header " + header.key(), header.value(), needles);
                    }
                }
                ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return count;
    }

    // ---- Databases ----

    /**
     * Every text, character, json, xml, array and bytea column of every table of {@code service}'s database, read
     * as its owner; bytea searched as bytes, in any case. Enumerated from {@code information_schema}, so a table
     * added later is swept without a change here.
     */
    void database(String service, Needles needles) {
        int columns = 0;
        try (Connection db = Databases.connectAsOwner(service)) {
            List<String[]> targets = new ArrayList<>();
            try (Statement list = db.createStatement();
                    ResultSet row = list.executeQuery("""
                            SELECT c.table_schema, c.table_name, c.column_name, c.data_type
                              FROM information_schema.columns c
                              JOIN information_schema.tables t
                                ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                             WHERE t.table_type = 'BASE TABLE'
                               AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
                               AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb',
                                                    'bytea', 'xml', 'ARRAY', 'USER-DEFINED'))
                             ORDER BY 1, 2, 3
                            """)) {
                while (row.next()) {
                    targets.add(new String[] {row.getString(1), row.getString(2), row.getString(3), row.getString(4)});
                }
            }
            for (String[] target : targets) {
                column(db, service, target[0], target[1], target[2], target[3].equals("bytea"), needles);
                columns++;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot sweep the " + service + " database: " + e.getSQLState(), e);
        }
        note("database " + service + ": " + columns + " columns"
                + (service.equals("phi-vault") ? " (ciphertext columns too: only plaintext could match there)" : "")
                + ": " + needles.description());
    }

    private void column(
            Connection db, String service, String schema, String table, String column, boolean bytea, Needles needles)
            throws SQLException {
        String col = quote(column);
        String asText = bytea ? "encode(" + col + ", 'escape')" : col + "::text";
        List<String> conditions = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        for (Needles.Needle needle : needles.all()) {
            if (needle.ignoreCase()) {
                conditions.add("strpos(lower(" + asText + "), ?) > 0");
                parameters.add(needle.text().toLowerCase(Locale.ROOT));
            } else {
                conditions.add("strpos(" + asText + ", ?) > 0");
                parameters.add(needle.text());
            }
        }
        String sql = "SELECT " + asText + " FROM " + quote(schema) + "." + quote(table) + " WHERE "
                + String.join(" OR ", conditions) + " LIMIT " + MAX_FINDINGS_PER_PLACE;
        try (PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                query.setString(i + 1, parameters.get(i));
            }
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    String place = "database " + service + " " + table + "." + column
                            + (VAULT_CIPHERTEXT.contains(table + "." + column) ? " (ciphertext column)" : "");
                    search(place, row.getString(1), needles);
                }
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    // ---- Mail ----

    /**
     * The mail GreenMail received for {@code address}: the canary may be in the recipient headers (To, and the
     * relay's own Received/envelope lines) as the address itself, nowhere else: not in the subject or body.
     */
    void mail(String address, Needles needles) {
        List<Mail> mails = GreenMail.messagesTo(address);
        for (int i = 0; i < mails.size(); i++) {
            Mail mail = mails.get(i);
            String place = "mail #" + (i + 1) + " to the patient";
            String[] headerLines = mail.headers().split("\r?\n");
            for (String line : headerLines) {
                boolean recipient = line.regionMatches(true, 0, "To:", 0, 3)
                        || line.regionMatches(true, 0, "Received:", 0, 9)
                        || line.startsWith("\t")
                        || line.startsWith(" ");
                String name = line.contains(":") ? line.substring(0, line.indexOf(':')) : "(continued)";
                search(place + " header " + name, line, needles, a -> recipient && a.isEmailAddress());
            }
            search(place + " subject", mail.subject(), needles);
            search(place + " body", mail.body(), needles);
        }
        note("mail: " + mails.size() + " message(s) to the patient's address (recipient headers may hold it): "
                + needles.description());
    }

    // ---- Metrics ----

    /** {@code /q/metrics} of each service that serves it; returns the services that did not. */
    List<String> metrics(Map<String, String> services, Needles needles) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        List<String> none = new ArrayList<>();
        List<String> swept = new ArrayList<>();
        services.forEach((service, url) -> {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/q/metrics"))
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    swept.add(service);
                    search("metrics of " + service, response.body(), needles);
                } else {
                    none.add(service);
                }
            } catch (IOException e) {
                none.add(service);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        note("metrics: /q/metrics of " + swept + " (" + none + " serve none): " + needles.description());
        return none;
    }
}
