package io.phylax.contract;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Turns events into Kafka record values and back, with one strict JSON mapping shared by the vault and every
 * consumer. Every decode failure is a {@link ContractViolation} whose message names the field and rule and
 * never quotes the input, so a consumer can put the reason on its dead-letter topic as it is.
 */
public final class EventCodec {

    /** The largest encoded event accepted; checked before any parsing. The largest valid event is about 1 KiB. */
    public static final int MAX_EVENT_BYTES = 4096;

    // Events nest one level (actor); anything deeper is not an event and is refused by the parser itself.
    private static final int MAX_NESTING_DEPTH = 4;
    private static final String UNREADABLE = "is not a single well-formed JSON document without duplicate fields";

    private static final ObjectMapper MAPPER = newMapper();

    private EventCodec() {}

    /** The JSON of a reference event, as the value of a {@link Topics#PHI_EVENTS} record. */
    public static byte[] encode(ReferenceEvent event) {
        return write(event);
    }

    /** The JSON of an access event, as the value of a {@link Topics#PHI_ACCESS} record. */
    public static byte[] encode(AccessEvent event) {
        return write(event);
    }

    /**
     * The reference event in {@code json}.
     *
     * @throws ContractViolation if the bytes are not exactly a valid reference event
     */
    public static ReferenceEvent decodeReference(byte[] json) {
        return read(json, ReferenceEvent.class);
    }

    /**
     * The access event in {@code json}.
     *
     * @throws ContractViolation if the bytes are not exactly a valid access event
     */
    public static AccessEvent decodeAccess(byte[] json) {
        return read(json, AccessEvent.class);
    }

    private static byte[] write(Record event) {
        if (event == null) {
            throw new ContractViolation(ContractViolation.WHOLE_EVENT, "is required");
        }
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            // Cannot happen for a constructed event; the cause is dropped for the same reason as on decode.
            throw new ContractViolation(ContractViolation.WHOLE_EVENT, "could not be encoded");
        }
        // Refuse on the producer side what every consumer would refuse.
        if (json.length > MAX_EVENT_BYTES) {
            throw new ContractViolation(ContractViolation.WHOLE_EVENT, "is larger than " + MAX_EVENT_BYTES + " bytes");
        }
        return json;
    }

    private static <T extends Record> T read(byte[] json, Class<T> type) {
        if (json == null) {
            throw new ContractViolation(ContractViolation.WHOLE_EVENT, "is required");
        }
        if (json.length > MAX_EVENT_BYTES) {
            throw new ContractViolation(ContractViolation.WHOLE_EVENT, "is larger than " + MAX_EVENT_BYTES + " bytes");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException | RuntimeException e) {
            throw new ContractViolation(ContractViolation.WHOLE_EVENT, UNREADABLE);
        }
        // Checked on the tree so that "unknown" and "missing" are reported in our words, with the field name.
        requireShape(tree, type, "");
        try {
            return MAPPER.readerFor(type).readValue(tree);
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * Exactly the components of {@code type}: no other field, none missing (a nullable one is sent as an
     * explicit null, so a dropped field is never mistaken for an absent value).
     */
    private static void requireShape(JsonNode node, Class<?> type, String path) {
        String here = path.isEmpty() ? ContractViolation.WHOLE_EVENT : path;
        if (node == null || !node.isObject()) {
            throw new ContractViolation(here, "must be a JSON object");
        }
        RecordComponent[] components = type.getRecordComponents();
        List<String> names =
                Arrays.stream(components).map(RecordComponent::getName).toList();
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!names.contains(field)) {
                // Name the field only when it is one of ours: an unknown key is input and may itself be PHI.
                throw ContractFields.isAllowed(field)
                        ? new ContractViolation(join(path, field), "is not a field of this event type")
                        : new ContractViolation(here, "has a field outside the contract allow-list");
            }
        }
        for (RecordComponent component : components) {
            String field = join(path, component.getName());
            JsonNode value = node.get(component.getName());
            if (value == null) {
                throw new ContractViolation(
                        field, "is missing (every field is sent, as null where the contract allows it)");
            }
            if (component.getType().isRecord() && !value.isNull()) {
                requireShape(value, component.getType(), field);
            }
        }
    }

    /** Our own wording for a binding failure: Jackson's message quotes the input, so it is never used. */
    private static ContractViolation translate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ContractViolation violation) {
                return violation; // thrown by a record constructor, already in safe words
            }
        }
        if (!(failure instanceof JsonMappingException mapping)) {
            return new ContractViolation(ContractViolation.WHOLE_EVENT, "could not be decoded");
        }
        String field = pathOf(mapping);
        Class<?> target = failure instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        return new ContractViolation(field, ruleFor(target));
    }

    private static String pathOf(JsonMappingException e) {
        String path = "";
        for (JsonMappingException.Reference ref : e.getPath()) {
            String name = ref.getFieldName();
            if (name != null) {
                path = join(path, ContractFields.isAllowed(name) ? name : "(unknown)");
            }
        }
        return path.isEmpty() ? ContractViolation.WHOLE_EVENT : path;
    }

    private static String ruleFor(Class<?> target) {
        if (target == null) {
            return "has the wrong type or format";
        } else if (target.isEnum()) {
            return "must be one of the contract's codes for this field";
        } else if (target == UUID.class) {
            return "must be a UUID";
        } else if (target == Instant.class) {
            return "must be an ISO-8601 instant string such as 2025-01-31T09:30:00Z";
        } else if (target == String.class) {
            return "must be a JSON string";
        } else if (target == long.class || target == Long.class) {
            return "must be a JSON integer";
        } else if (target.isRecord()) {
            return "must be a JSON object";
        }
        return "has the wrong type or format";
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static ObjectMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .addModule(new SimpleModule("phylax-instants")
                        // Instant.toString() is ISO-8601 in UTC (2025-01-31T09:30:00Z), as Instant.parse reads it.
                        .addSerializer(Instant.class, ToStringSerializer.instance)
                        .addDeserializer(Instant.class, new IsoInstantDeserializer()))
                // Written: ISO-8601 instants, enums by name, every field including explicit nulls.
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, null))
                // Read: exactly what was written, nothing looser.
                .disable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                // A number or boolean is not a tenant or a correlation id; "" is never a value.
                .withCoercionConfig(
                        LogicalType.Textual,
                        cfg -> cfg.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfigDefaults(cfg -> cfg.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                // No polymorphic typing: a type id in the input must never choose a class.
                .deactivateDefaultTyping()
                .build();
    }

    /**
     * Reads an instant from an ISO-8601 string only. The jsr310 module also takes epoch numbers, whatever
     * its leniency setting; a number is not what the producer writes, so it is refused.
     */
    private static final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {

        IsoInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            String text = parser.getText();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // Jackson's exception quotes the text; translate() replaces it with our own wording.
                return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
            }
        }
    }
}
