package io.phylax.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * The chart rendered by Helm's own library (helm-java) and parsed into the fabric8 Kubernetes model, with
 * unknown fields rejected: a misspelt or misplaced key fails the parse instead of being dropped silently.
 * Custom resources are parsed the same way into their operators' typed models (cert-manager, Strimzi,
 * Prometheus Operator).
 */
public final class RenderedChart {

    /** Where the chart lives; the module's POM passes it, the fallback serves runs from an IDE. */
    public static final Path CHART_DIR = Path.of(System.getProperty("phylax.chart.dir", "../phylax"));

    public static final String RELEASE = "phylax";
    public static final String NAMESPACE = "phylax";

    /** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion); Helm's offline default is older. */
    public static final String KUBE_VERSION = "1.27.0";

    /**
     * Custom resources (CRDs of cert-manager, Strimzi and the Prometheus Operator) by apiVersion/kind, with
     * the typed model each is parsed into. Anything not here and not a built-in kind fails the parse.
     */
    static final Map<String, Class<? extends KubernetesResource>> CUSTOM_KINDS = Map.of(
            "cert-manager.io/v1/Certificate", Certificate.class,
            "kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class,
            "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class,
            "monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class);

    private static final KubernetesSerialization STRICT = new KubernetesSerialization(strictMapper(), true);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final KubernetesSerialization AS_RENDERED = new KubernetesSerialization();

    private final String manifest;
    private final List<HasMetadata> objects;

    private RenderedChart(String manifest, List<HasMetadata> objects) {
        this.manifest = manifest;
        this.objects = objects;
    }

    /** The YAML documents of a manifest stream, empty ones skipped. */
    private static List<JsonNode> documents(String manifest) {
        List<JsonNode> documents = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifest)) {
            while (values.hasNext()) {
                JsonNode document = values.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered manifest is not valid YAML", e);
        }
        return documents;
    }

    /**
     * Renders with the chart's defaults plus the given --set overrides (key → value, in order). A null value
     * removes the key; --set cannot say that through helm-java, so those go through a values file.
     */
    public static RenderedChart render(Map<String, Object> overrides) {
        TemplateCommand template = new Helm(CHART_DIR)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        StringBuilder nulls = new StringBuilder();
        overrides.forEach((key, value) -> {
            if (value == null) {
                nulls.append(nested(key)).append('\n');
            } else {
                template.set(key, value);
            }
        });
        if (!nulls.isEmpty()) {
            template.withValuesFile(valuesFile(nulls.toString()));
        }
        String manifest = template.call();
        return new RenderedChart(manifest, parse(manifest));
    }

    /** "a.b.c" as YAML that sets c under b under a to null. */
    private static String nested(String dottedKey) {
        String[] parts = dottedKey.split("\\.");
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            yaml.append("  ".repeat(i)).append(parts[i]).append(':');
            yaml.append(i == parts.length - 1 ? " null" : "\n");
        }
        return yaml.toString();
    }

    private static Path valuesFile(String yaml) {
        try {
            Path file = Files.createTempFile("phylax-values-", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RenderedChart render() {
        return render(Map.of());
    }

    /** Renders with one override. */
    public static RenderedChart render(String key, Object value) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put(key, value);
        return render(overrides);
    }

    /** Every YAML document of a manifest stream, each parsed strictly into its Kubernetes type. */
    public static List<HasMetadata> parse(String manifest) {
        return documents(manifest).stream().map(RenderedChart::parseOne).toList();
    }

    private static HasMetadata parseOne(JsonNode document) {
        String type = document.path("apiVersion").asText() + "/"
                + document.path("kind").asText();
        String json = document.toString();
        Class<? extends KubernetesResource> custom = CUSTOM_KINDS.get(type);
        if (custom != null) {
            return (HasMetadata) STRICT.unmarshal(json, custom);
        }
        KubernetesResource parsed = STRICT.unmarshal(json);
        if (parsed instanceof GenericKubernetesResource || !(parsed instanceof HasMetadata)) {
            throw new IllegalArgumentException("unknown kind " + type);
        }
        return (HasMetadata) parsed;
    }

    /**
     * A mapper on which the model's catch-all for unknown fields (its {@code @JsonAnySetter}
     * additionalProperties) is switched off, so FAIL_ON_UNKNOWN_PROPERTIES applies to every typed class.
     */
    static ObjectMapper strictMapper() {
        SimpleModule rejectUnknown = new SimpleModule("reject-unknown-fields");
        rejectUnknown.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(
                    DeserializationConfig config, BeanDescription description, BeanDeserializerBuilder builder) {
                Class<?> type = description.getBeanClass();
                boolean model = type.getName().startsWith("io.fabric8.")
                        || type.getName().startsWith("io.strimzi.");
                if (model && type != GenericKubernetesResource.class) {
                    builder.setAnySetter(null);
                    builder.setIgnoreUnknownProperties(false);
                }
                return builder;
            }
        });
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .addModule(rejectUnknown)
                .build();
    }

    public String manifest() {
        return manifest;
    }

    public List<HasMetadata> objects() {
        return objects;
    }

    /** The objects of one type. */
    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * The objects of one kind exactly as rendered, as generic maps, for tests that compare content with its
     * source (the typed models fill in defaults and their own apiVersion when written back).
     */
    public List<GenericKubernetesResource> custom(String kind) {
        return documents(manifest).stream()
                .filter(d -> kind.equals(d.path("kind").asText()))
                .map(d -> AS_RENDERED.unmarshal(d.toString(), GenericKubernetesResource.class))
                .toList();
    }

    /** The chart's files, for tests that read them directly. */
    public static Stream<Path> chartFiles() {
        try {
            return Files.walk(CHART_DIR).filter(Files::isRegularFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
