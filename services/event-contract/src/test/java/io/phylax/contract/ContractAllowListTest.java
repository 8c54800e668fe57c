package io.phylax.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The privacy gate of the contract: no event may declare or carry a field outside {@link ContractFields}, nor
 * a field of a type that could hold a document.
 */
class ContractAllowListTest {

    private static final String PACKAGE = ContractFields.class.getPackageName();

    /** Scalars that hold an id, a code, a number or a time, and nothing else. */
    private static final Set<Class<?>> SCALAR_TYPES = Set.of(String.class, UUID.class, Instant.class, long.class);

    /** Types that could carry a document or free-form structure; listed to make the failure message plain. */
    private static final List<Class<?>> DOCUMENT_CARRIERS =
            List.of(Map.class, Collection.class, Iterable.class, JsonNode.class, byte[].class);

    private static final List<ReferenceEvent> REFERENCE_SAMPLES = List.of(
            ReferenceEvents.aPatientRegistered().build(),
            ReferenceEvents.aPatientUpdated().build(),
            ReferenceEvents.aRecordAdded().build(),
            ReferenceEvents.aRecordAmended()
                    .withRecordType("QuestionnaireResponse")
                    .build(),
            ReferenceEvents.aSubjectErased().build());

    private static final List<AccessEvent> ACCESS_SAMPLES = List.of(
            AccessEvents.aRead().build(),
            AccessEvents.aSearchWithoutHit().withPurpose(null).build(),
            AccessEvents.aDeniedRead().build(),
            AccessEvents.aBreakGlass().build());

    @Test
    void findsTheEventRecords() {
        // Guards the scan below: if it found nothing, every other check here would pass vacuously.
        assertThat(contractRecords()).contains(ReferenceEvent.class, AccessEvent.class, Actor.class);
    }

    @Test
    void everyRecordComponentIsOnTheAllowList() {
        for (Class<?> type : contractRecords()) {
            for (String field : componentNames(type, new ArrayList<>())) {
                assertThat(ContractFields.ALLOWED)
                        .as("component %s of %s (add to ContractFields only after a privacy review)", field, type)
                        .contains(field);
            }
        }
    }

    @Test
    void allowListNamesOnlyFieldsThatExist() {
        Set<String> declared = new TreeSet<>();
        for (Class<?> type : contractRecords()) {
            declared.addAll(componentNames(type, new ArrayList<>()));
        }
        assertThat(declared).containsExactlyInAnyOrderElementsOf(ContractFields.ALLOWED);
    }

    @Test
    void noComponentCanCarryADocument() {
        for (Class<?> type : contractRecords()) {
            for (RecordComponent component : type.getRecordComponents()) {
                Class<?> componentType = component.getType();
                String what = component.getName() + " of " + type.getSimpleName();
                assertThat(componentType).as("%s is an Object", what).isNotEqualTo(Object.class);
                for (Class<?> carrier : DOCUMENT_CARRIERS) {
                    assertThat(carrier.isAssignableFrom(componentType))
                            .as("%s is a %s", what, carrier.getSimpleName())
                            .isFalse();
                }
                assertThat(componentType.isArray()).as("%s is an array", what).isFalse();
                assertThat(component.getGenericType())
                        .as("%s is generic", what)
                        .isNotInstanceOf(ParameterizedType.class);
                assertThat(SCALAR_TYPES.contains(componentType)
                                || componentType.isEnum()
                                || (componentType.isRecord()
                                        && componentType.getPackageName().equals(PACKAGE)))
                        .as(
                                "%s is %s; only ids, codes, numbers, times and contract records are allowed",
                                what, componentType)
                        .isTrue();
            }
        }
    }

    @Test
    void encodedEventsCarryOnlyAllowedKeys() throws IOException {
        ObjectMapper plain = new ObjectMapper();
        List<byte[]> encoded = new ArrayList<>();
        REFERENCE_SAMPLES.forEach(event -> encoded.add(EventCodec.encode(event)));
        ACCESS_SAMPLES.forEach(event -> encoded.add(EventCodec.encode(event)));
        for (byte[] json : encoded) {
            Set<String> keys = new TreeSet<>();
            collectKeys(plain.readTree(json), keys);
            assertThat(keys)
                    .as(new String(json, StandardCharsets.UTF_8))
                    .isNotEmpty()
                    .isSubsetOf(ContractFields.ALLOWED);
        }
    }

    @Test
    void samplesCoverEveryEventTypeAndEveryNullableField() {
        // Nullable fields are encoded as explicit nulls; the key check above must see those keys too.
        assertThat(REFERENCE_SAMPLES.stream().map(ReferenceEvent::eventType))
                .containsExactlyInAnyOrder(ReferenceEventType.values());
        assertThat(REFERENCE_SAMPLES.stream().map(ReferenceEvent::recordType)).containsNull();
        assertThat(ACCESS_SAMPLES.stream().map(AccessEvent::subjectId)).containsNull();
        assertThat(ACCESS_SAMPLES.stream().map(AccessEvent::streamId)).containsNull();
        assertThat(ACCESS_SAMPLES.stream().map(AccessEvent::purpose)).containsNull();
    }

    /** Component names of {@code type}, recursing into nested contract records. */
    private static List<String> componentNames(Class<?> type, List<String> names) {
        for (RecordComponent component : type.getRecordComponents()) {
            names.add(component.getName());
            if (component.getType().isRecord()) {
                componentNames(component.getType(), names);
            }
        }
        return names;
    }

    private static void collectKeys(JsonNode node, Set<String> keys) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                keys.add(field.getKey());
                collectKeys(field.getValue(), keys);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectKeys(element, keys));
        }
    }

    /**
     * Every record in the contract package of the main classes, found by listing them, so a record added
     * later is checked without anyone remembering to list it here.
     */
    private static Set<Class<?>> contractRecords() {
        Set<Class<?>> records = new LinkedHashSet<>();
        for (String className : mainClassNames()) {
            try {
                Class<?> type = Class.forName(className);
                if (type.isRecord()) {
                    records.add(type);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(className, e);
            }
        }
        return records;
    }

    private static List<String> mainClassNames() {
        String folder = PACKAGE.replace('.', '/');
        try {
            Path location = Path.of(ContractFields.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location.resolve(folder))) {
                    return files.map(location::relativize)
                            .map(Path::toString)
                            .filter(name -> name.endsWith(".class"))
                            .map(name -> name.replace(File.separatorChar, '/'))
                            .map(ContractAllowListTest::toClassName)
                            .toList();
                }
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                return jar.stream()
                        .map(entry -> entry.getName())
                        .filter(name -> name.startsWith(folder + "/") && name.endsWith(".class"))
                        .map(ContractAllowListTest::toClassName)
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String toClassName(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}
