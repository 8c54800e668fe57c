package io.phylax.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the stack's SMTP server (GreenMail) received, read through its REST API. Read-only on purpose: other
 * tests share the server, so nothing here purges mail; tests look at one mailbox (an address of their own).
 */
public final class GreenMail {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private GreenMail() {}

    /** One received message, as GreenMail keeps it. */
    public record Mail(String messageId, String subject, String mimeMessage) {

        /** The raw header block (everything before the first empty line). */
        public String headers() {
            int end = mimeMessage.indexOf("\r\n\r\n");
            return end < 0 ? mimeMessage : mimeMessage.substring(0, end);
        }

        /** The raw body (everything after the first empty line). */
        public String body() {
            int end = mimeMessage.indexOf("\r\n\r\n");
            return end < 0 ? "" : mimeMessage.substring(end + 4);
        }
    }

    /** Every message delivered to {@code address}; empty when nothing was ever delivered to it. */
    public static List<Mail> messagesTo(String address) {
        HttpResponse<String> response =
                get("/api/user/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/INBOX");
        // GreenMail creates a mailbox on first delivery and answers 400 "not found" before that.
        if (response.statusCode() == 400 && response.body().contains("not found")) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GreenMail answered HTTP " + response.statusCode());
        }
        List<Mail> mails = new ArrayList<>();
        for (JsonNode node : readTree(response.body())) {
            // GreenMail 2.1 names the field "Message-ID", although its OpenAPI document says "messageId".
            JsonNode messageId = node.has("Message-ID") ? node.get("Message-ID") : node.path("messageId");
            mails.add(new Mail(
                    messageId.asText(null),
                    node.path("subject").asText(null),
                    node.path("mimeMessage").asText("")));
        }
        return mails;
    }

    /**
     * Creates {@code address}'s mailbox before anything is sent to it. GreenMail otherwise creates it on first
     * delivery, and two deliveries racing to create the same new mailbox can make one of them fail with a
     * permanent error: a quirk of the test relay that a test sending several notices at once must avoid.
     */
    public static void createMailbox(String address) {
        String body;
        try {
            body = JSON.writeValueAsString(java.util.Map.of("email", address, "login", address, "password", address));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(LocalStack.get().env("PHYLAX_SMTP_API_URL") + "/api/user"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GreenMail refused to create a mailbox: HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The message with this Message-ID in any mailbox, if GreenMail received one. */
    public static Optional<Mail> withMessageId(String messageId) {
        for (JsonNode user : readTree(get("/api/user").body())) {
            for (Mail mail : messagesTo(user.path("email").asText())) {
                if (messageId.equals(mail.messageId())) {
                    return Optional.of(mail);
                }
            }
        }
        return Optional.empty();
    }

    private static HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(LocalStack.get().env("PHYLAX_SMTP_API_URL") + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
