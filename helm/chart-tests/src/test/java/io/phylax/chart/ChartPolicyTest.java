package io.phylax.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/**
 * The rendered chart meets the deployment policy with its defaults, and the policy reports each default
 * that is weakened: these tests fail if a secure default is dropped or the policy stops catching it.
 */
class ChartPolicyTest {

    @Test
    void defaultsMeetEveryPolicy() {
        assertThat(ChartPolicy.violations(RenderedChart.render().objects())).isEmpty();
    }

    @Test
    void everyOptionalPartOnStillMeetsEveryPolicy() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("kafka.topics.create", true);
        for (String svc : List.of("phiVault", "audit", "notification", "reporting")) {
            all.put(svc + ".autoscaling.enabled", true);
        }
        assertThat(ChartPolicy.violations(RenderedChart.render(all).objects())).isEmpty();
    }

    static Stream<Arguments> weakenedDefaults() {
        return Stream.of(
                Arguments.of("podSecurityContext.runAsNonRoot", false, "runAsNonRoot must be true"),
                Arguments.of("podSecurityContext.runAsUser", 0, "runAsUser must not be 0"),
                Arguments.of("podSecurityContext.seccompProfile.type", "Unconfined", "seccompProfile"),
                Arguments.of("containerSecurityContext.runAsNonRoot", false, "runAsNonRoot must not be false"),
                Arguments.of("containerSecurityContext.readOnlyRootFilesystem", false, "readOnlyRootFilesystem"),
                Arguments.of("containerSecurityContext.allowPrivilegeEscalation", true, "allowPrivilegeEscalation"),
                Arguments.of("containerSecurityContext.privileged", true, "must not be privileged"),
                Arguments.of("containerSecurityContext.capabilities.drop[0]", "NET_RAW", "drop ALL"),
                Arguments.of("automountServiceAccountToken", true, "automountServiceAccountToken"),
                Arguments.of("networkPolicy.enabled", false, "no default-deny NetworkPolicy"));
    }

    @ParameterizedTest(name = "{0}={1} is reported")
    @MethodSource("weakenedDefaults")
    void aWeakenedDefaultIsReported(String key, Object value, String expected) {
        List<String> violations =
                ChartPolicy.violations(RenderedChart.render(key, value).objects());

        assertThat(violations).isNotEmpty().anySatisfy(v -> assertThat(v).contains(expected));
    }

    @Test
    void aSecretWithInlineDataIsReported() {
        Secret inline = new SecretBuilder()
                .withNewMetadata()
                .withName("db")
                .endMetadata()
                .addToStringData("password", "not-a-real-one")
                .build();
        List<HasMetadata> objects =
                new java.util.ArrayList<>(RenderedChart.render().objects());
        objects.add(inline);

        assertThat(ChartPolicy.violations(objects))
                .containsExactly("Secret/db: a Secret with inline data; credentials come from an existingSecret");
    }

    @Test
    void aLiteralPasswordInAConfigFileIsReportedButAnEnvExpressionIsNot() {
        ConfigMap config = new ConfigMapBuilder()
                .withNewMetadata()
                .withName("cfg")
                .endMetadata()
                .addToData("application.properties", """
                        quarkus.datasource.password=${PHYLAX_DB_PASSWORD}
                        # quarkus.datasource.password=commented-out
                        phylax.smtp.password=not-a-real-one
                        """)
                .build();

        assertThat(ChartPolicy.violations(List.of(config)))
                .contains(
                        "ConfigMap/cfg: application.properties sets phylax.smtp.password to a literal; use ${ENV} from a Secret")
                .noneMatch(v -> v.contains("quarkus.datasource.password"));
    }

    @Test
    void theChartRendersNoSecretAtAll() {
        assertThat(RenderedChart.render().all(Secret.class)).isEmpty();
    }

    @Test
    void imagesWithoutARegistryTagOrWithLatestAreNotPinned() {
        List<String> found = new java.util.ArrayList<>();
        ChartPolicy.checkImage("a", "r.example/x/y:latest", found);
        ChartPolicy.checkImage("b", "r.example/x/y", found);
        ChartPolicy.checkImage("c", "r.example/x/y:1.2.3", found);
        ChartPolicy.checkImage("d", "r.example/x/y@sha256:" + "0".repeat(64), found);

        assertThat(found).hasSize(2).allSatisfy(v -> assertThat(v).containsAnyOf("a:", "b:"));
    }
}
