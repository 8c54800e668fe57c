package io.phylax.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The wire format, and that every bad message is refused in words that never repeat it. */
class EventCodecTest {

    /** Synthetic PHI planted in bad input; no rejection reason may contain it. */
    private static final String CANARY = "CANARY-PHI-7f3a";

    /** A lenient mapper, to build bad input the codec itself would never write. */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @ParameterizedTest
    @MethodSource("referenceSamples")
    void roundTripsReferenceEvents(ReferenceEvent event) {
        assertThat(EventCodec.decodeReference(EventCodec.encode(event))).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("accessSamples")
    void roundTripsAccessEvents(AccessEvent event) {
        assertThat(EventCodec.decodeAccess(EventCodec.encode(event))).isEqualTo(event);
    }

    @Test
    void writesInstantsAsIsoStringsEnumsByNameAndNullsExplicitly() {
        JsonNode json =
                tree(EventCodec.encode(ReferenceEvents.aPatientRegistered().build()));

        assertThat(json.get("occurredAt").textValue()).isEqualTo("2025-03-14T09:26:53.589Z");
        assertThat(json.get("eventType").textValue()).isEqualTo("PatientRegistered");
        assertThat(json.get("streamType").textValue()).isEqualTo("SUBJECT");
        assertThat(json.get("version").isIntegralNumber()).isTrue();
        assertThat(json.get("recordType").isNull()).isTrue();
    }

    @Test
    void acceptsAnEventOfExactlyTheSizeLimit() {
        byte[] json = EventCodec.encode(AccessEvents.aRead().build());
        byte[] padded = Arrays.copyOf(json, EventCodec.MAX_EVENT_BYTES);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');

        assertThat(EventCodec.decodeAccess(padded))
                .isEqualTo(AccessEvents.aRead().build());
    }

    @Test
    void acceptsNullWhereTheAccessEventAllowsIt() {
        AccessEvent event = EventCodec.decodeAccess(
                access(json -> json.putNull("subjectId").putNull("streamId").putNull("purpose")));

        assertThat(event.subjectId()).isNull();
        assertThat(event.streamId()).isNull();
        assertThat(event.purpose()).isNull();
    }

    @Test
    void refusesToEncodeNothing() {
        assertThatThrownBy(() -> EventCodec.encode((ReferenceEvent) null)).isInstanceOf(ContractViolation.class);
        assertThatThrownBy(() -> EventCodec.encode((AccessEvent) null)).isInstanceOf(ContractViolation.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReferenceEvents")
    void rejectsBadReferenceEventWithoutEchoingIt(byte[] json, String field) {
        assertRejected(json, field, EventCodec::decodeReference);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAccessEvents")
    void rejectsBadAccessEventWithoutEchoingIt(byte[] json, String field) {
        assertRejected(json, field, EventCodec::decodeAccess);
    }

    @Test
    void rejectsNoBytesAtAll() {
        assertThatThrownBy(() -> EventCodec.decodeReference(null))
                .isInstanceOfSatisfying(
                        ContractViolation.class, v -> assertThat(v.field()).isEqualTo(ContractViolation.WHOLE_EVENT));
    }

    static Stream<ReferenceEvent> referenceSamples() {
        return Stream.of(
                ReferenceEvents.aPatientRegistered().build(),
                ReferenceEvents.aPatientUpdated().build(),
                ReferenceEvents.aRecordAdded()
                        .withRecordType("DocumentReference")
                        .build(),
                ReferenceEvents.aRecordAmended().withVersion(Long.MAX_VALUE).build(),
                ReferenceEvents.aSubjectErased().build());
    }

    static Stream<AccessEvent> accessSamples() {
        return Stream.of(
                AccessEvents.aRead().build(),
                AccessEvents.aSearchWithoutHit().withPurpose(null).build(),
                AccessEvents.aBreakGlass().build(),
                AccessEvents.aDeniedRead()
                        .withActor(new Actor("https://[::1]:8443/realms/phylax/", "service-account-audit", "audit"))
                        .build());
    }

    static Stream<Arguments> badReferenceEvents() {
        String valid =
                new String(EventCodec.encode(ReferenceEvents.aRecordAdded().build()), StandardCharsets.UTF_8);
        return Stream.of(
                // Fields outside the contract
                bad("unknown field", reference(json -> json.put("name", "Jane Doe " + CANARY)), "event"),
                bad("unknown field named like PHI", reference(json -> json.put(CANARY, "x")), "event"),
                bad(
                        "access-event field on a reference event",
                        reference(json -> json.put("purpose", "TREAT")),
                        "purpose"),
                // Not an event at all
                bad("oversize", reference(json -> json.put("name", CANARY.repeat(300))), "event"),
                bad("oversize by whitespace", utf8(valid + " ".repeat(EventCodec.MAX_EVENT_BYTES)), "event"),
                bad("truncated JSON", utf8("{\"tenant\":\"" + CANARY), "event"),
                bad("not JSON", utf8(CANARY), "event"),
                bad("a JSON string", utf8("\"" + CANARY + "\""), "event"),
                bad("a JSON array", utf8("[\"" + CANARY + "\"]"), "event"),
                bad("no bytes", new byte[0], "event"),
                bad("duplicate field", utf8("{\"tenant\":\"" + CANARY + "\"," + valid.substring(1)), "event"),
                bad("trailing content", utf8(valid + " \"" + CANARY + "\""), "event"),
                bad("deep nesting", utf8("{\"tenant\":[[[[[[\"" + CANARY + "\"]]]]]]}"), "event"),
                // Missing or null
                bad("missing tenant", reference(json -> json.remove("tenant")), "tenant"),
                bad("missing version", reference(json -> json.remove("version")), "version"),
                bad("missing nullable recordType", reference(json -> json.remove("recordType")), "recordType"),
                bad("null tenant", reference(json -> json.putNull("tenant")), "tenant"),
                bad("null version", reference(json -> json.putNull("version")), "version"),
                bad("null eventId", reference(json -> json.putNull("eventId")), "eventId"),
                // Free text in constrained strings
                bad("tenant with spaces", reference(json -> json.put("tenant", "clinic a " + CANARY)), "tenant"),
                bad("tenant in upper case", reference(json -> json.put("tenant", CANARY)), "tenant"),
                bad(
                        "tenant as an object",
                        reference(json -> json.putObject("tenant").put("name", CANARY)),
                        "tenant"),
                bad("tenant as a number", reference(json -> json.put("tenant", 42)), "tenant"),
                bad(
                        "correlationId with spaces",
                        reference(json -> json.put("correlationId", "req " + CANARY)),
                        "correlationId"),
                bad(
                        "correlationId too long",
                        reference(json -> json.put("correlationId", CANARY.repeat(5))),
                        "correlationId"),
                bad("recordType outside the set", reference(json -> json.put("recordType", CANARY)), "recordType"),
                bad(
                        "recordType that is a FHIR type but not a record type",
                        reference(json -> json.put("recordType", "Patient")),
                        "recordType"),
                // Wrong codes, ids, numbers and times
                bad("unknown eventType", reference(json -> json.put("eventType", CANARY)), "eventType"),
                bad("eventType in other case", reference(json -> json.put("eventType", "recordadded")), "eventType"),
                bad("eventType as an ordinal", reference(json -> json.put("eventType", 2)), "eventType"),
                bad("eventId not a UUID", reference(json -> json.put("eventId", CANARY)), "eventId"),
                bad("version as text", reference(json -> json.put("version", CANARY)), "version"),
                bad("version as a numeric string", reference(json -> json.put("version", "1")), "version"),
                bad("version with a fraction", reference(json -> json.put("version", 1.5)), "version"),
                bad("negative version", reference(json -> json.put("version", -1)), "version"),
                bad("occurredAt not a time", reference(json -> json.put("occurredAt", CANARY)), "occurredAt"),
                bad(
                        "occurredAt as epoch seconds",
                        reference(json -> json.put("occurredAt", 1_741_944_413L)),
                        "occurredAt"),
                // Inconsistent combinations
                bad(
                        "record type on a subject stream",
                        subjectReference(json -> json.put("recordType", "Observation")),
                        "recordType"),
                bad(
                        "subject event on a record stream",
                        reference(json -> json.put("eventType", "PatientUpdated")),
                        "streamType"));
    }

    static Stream<Arguments> badAccessEvents() {
        return Stream.of(
                bad(
                        "issuer with a query",
                        actor(a -> a.put("issuer", "https://idp.example/realms/a?patient=" + CANARY)),
                        "actor.issuer"),
                bad(
                        "issuer with user info",
                        actor(a -> a.put("issuer", "https://" + CANARY + "@idp.example/")),
                        "actor.issuer"),
                bad(
                        "issuer with a fragment",
                        actor(a -> a.put("issuer", "https://idp.example/realms/a#" + CANARY)),
                        "actor.issuer"),
                bad(
                        "issuer with escapes",
                        actor(a -> a.put("issuer", "https://idp.example/Jane%20" + CANARY)),
                        "actor.issuer"),
                bad("issuer not http", actor(a -> a.put("issuer", "ftp://idp.example/" + CANARY)), "actor.issuer"),
                bad(
                        "issuer too long",
                        actor(a -> a.put("issuer", "https://idp.example/" + CANARY.repeat(17))),
                        "actor.issuer"),
                bad("actor subject with spaces", actor(a -> a.put("subject", "Jane Doe " + CANARY)), "actor.subject"),
                bad("clientId with spaces", actor(a -> a.put("clientId", "web " + CANARY)), "actor.clientId"),
                bad("unknown field in actor", actor(a -> a.put("name", CANARY)), "actor"),
                bad("missing clientId", actor(a -> a.remove("clientId")), "actor.clientId"),
                bad("actor as text", access(json -> json.put("actor", CANARY)), "actor"),
                bad("null actor", access(json -> json.putNull("actor")), "actor"),
                bad("purpose as free text", access(json -> json.put("purpose", "treatment of " + CANARY)), "purpose"),
                bad("missing nullable purpose", access(json -> json.remove("purpose")), "purpose"),
                bad("unknown action", access(json -> json.put("action", CANARY)), "action"),
                bad("unknown outcome", access(json -> json.put("outcome", CANARY)), "outcome"),
                bad("tenant with free text", access(json -> json.put("tenant", "clinic-a " + CANARY)), "tenant"),
                bad(
                        "correlationId with free text",
                        access(json -> json.put("correlationId", CANARY + " said")),
                        "correlationId"),
                bad(
                        "a reference event",
                        EventCodec.encode(ReferenceEvents.aPatientRegistered().build()),
                        "eventType"));
    }

    private static void assertRejected(byte[] json, String field, Function<byte[], ?> decoder) {
        assertThatThrownBy(() -> decoder.apply(json)).isInstanceOfSatisfying(ContractViolation.class, violation -> {
            assertThat(violation.field()).isEqualTo(field);
            assertThat(violation.getMessage()).startsWith(field + ": ").doesNotContainIgnoringCase(CANARY);
            // Loggers print the cause chain and suppressed exceptions too; neither may exist.
            assertThat(violation.getCause()).isNull();
            assertThat(violation.getSuppressed()).isEmpty();
            assertThat(stackTraceOf(violation)).doesNotContainIgnoringCase(CANARY);
        });
    }

    private static Arguments bad(String description, byte[] json, String field) {
        return Arguments.of(Named.of(description, json), field);
    }

    /** A valid record-stream reference event, changed by {@code change}. */
    private static byte[] reference(Consumer<ObjectNode> change) {
        return changed(EventCodec.encode(ReferenceEvents.aRecordAdded().build()), change);
    }

    private static byte[] subjectReference(Consumer<ObjectNode> change) {
        return changed(EventCodec.encode(ReferenceEvents.aPatientRegistered().build()), change);
    }

    private static byte[] access(Consumer<ObjectNode> change) {
        return changed(EventCodec.encode(AccessEvents.aRead().build()), change);
    }

    private static byte[] actor(Consumer<ObjectNode> change) {
        return access(json -> change.accept((ObjectNode) json.get("actor")));
    }

    private static byte[] changed(byte[] json, Consumer<ObjectNode> change) {
        ObjectNode node = (ObjectNode) tree(json);
        change.accept(node);
        try {
            return PLAIN.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(byte[] json) {
        try {
            return PLAIN.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String stackTraceOf(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
