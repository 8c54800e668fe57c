package io.phylax.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** helm lint and helm template through Helm's library, and the strict parse of what they render. */
class ChartRenderingTest {

    static final List<String> COMPONENTS = List.of("phi-vault", "audit", "notification", "reporting");

    @Test
    void lintPassesInStrictMode() {
        LintResult result = new Helm(RenderedChart.CHART_DIR).lint().strict().call();

        assertThat(result.isFailed())
                .as(String.join("\n", result.getMessages()))
                .isFalse();
    }

    @Test
    void defaultsRenderADeploymentServiceAccountServicePdbAndConfigPerService() throws IOException {
        RenderedChart chart = RenderedChart.render();
        // Kept for reviewers: what the defaults render, in target/ (never committed).
        Files.writeString(Path.of("target", "phylax-defaults-rendered.yaml"), chart.manifest());

        for (Class<? extends HasMetadata> kind : List.of(
                Deployment.class, ServiceAccount.class, Service.class, PodDisruptionBudget.class, ConfigMap.class)) {
            assertThat(chart.all(kind))
                    .as(kind.getSimpleName())
                    .extracting(o -> o.getMetadata().getLabels().get("app.kubernetes.io/component"))
                    .containsAll(COMPONENTS);
        }
    }

    @Test
    void everyRenderedObjectIsAKnownKindAndNamedWithin63Characters() {
        RenderedChart chart = RenderedChart.render("fullnameOverride", "x".repeat(70));

        assertThat(chart.objects())
                .isNotEmpty()
                .allSatisfy(o -> assertThat(o.getMetadata().getName())
                        .hasSizeLessThanOrEqualTo(63)
                        .doesNotEndWith("-"));
        assertThat(chart.objects())
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .doesNotHaveDuplicates();
    }

    @Test
    void anUnknownFieldInARenderedManifestFailsTheParse() {
        String misspelt = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: x
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                        - name: x
                          image: r/x:1
                          securityContext:
                            readOnlyRootFileSystem: true
                """;

        assertThatThrownBy(() -> RenderedChart.parse(misspelt))
                .hasStackTraceContaining("Unrecognized field \"readOnlyRootFileSystem\"");
    }

    @Test
    void anUnknownFieldInACustomResourceFailsTheParse() {
        String misplaced = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaUser
                metadata:
                  name: x
                spec:
                  authentication:
                    type: tls
                  acls: []
                """;

        assertThatThrownBy(() -> RenderedChart.parse(misplaced)).hasStackTraceContaining("Unrecognized field \"acls\"");
    }

    @Test
    void anUnknownKindFailsTheParse() {
        String unknown = "apiVersion: example.org/v1\nkind: Mystery\nmetadata:\n  name: x\n";

        assertThatThrownBy(() -> RenderedChart.parse(unknown)).hasMessageContaining("unknown kind");
    }

    @Test
    void valuesSchemaRefusesAMisspeltKey() {
        assertThatThrownBy(() -> RenderedChart.render("phiVault.replicas", 3)).hasMessageContaining("replicas");
    }

    @Test
    void theLatestTagIsRefusedAtRenderTime() {
        assertThatThrownBy(() -> RenderedChart.render(Map.of("audit.image.tag", "latest")))
                .hasMessageContaining("/audit/image/tag");
    }

    @Test
    void aDigestPinsTheImageInsteadOfTheTag() {
        String digest = "sha256:" + "ab".repeat(32);
        RenderedChart chart = RenderedChart.render("image.digest", digest);

        assertThat(chart.all(Deployment.class))
                .flatExtracting(d -> d.getSpec().getTemplate().getSpec().getContainers())
                .extracting(c -> c.getImage())
                .allSatisfy(image -> assertThat(image).endsWith("@" + digest));
    }

    @Test
    void theVaultTakesOnlyCertificateBoundTokensInternallyAndNotificationFetchesItsTokenOverMtls() {
        String mtls = "https://keycloak-mtls.keycloak.svc:8443/realms/phylax";

        assertThat(config(RenderedChart.render(), "phi-vault"))
                .contains("phylax.trust.certificate-bound-paths=/internal");
        assertThat(config(RenderedChart.render(), "notification"))
                .contains("quarkus.oidc-client.auth-server-url=https://keycloak.keycloak.svc:8443/realms/phylax");
        assertThat(config(RenderedChart.render("keycloak.mtlsRealmUrl", mtls), "notification"))
                .contains("quarkus.oidc-client.auth-server-url=" + mtls);
        assertThatThrownBy(() -> RenderedChart.render("keycloak.mtlsRealmUrl", "http://keycloak:8080/realms/phylax"))
                .hasMessageContaining("mtlsRealmUrl");
    }

    /** The application.properties a component's ConfigMap renders. */
    private static String config(RenderedChart chart, String component) {
        return chart.all(ConfigMap.class).stream()
                .filter(c -> component.equals(c.getMetadata().getLabels().get("app.kubernetes.io/component")))
                .findFirst()
                .orElseThrow()
                .getData()
                .get("application.properties");
    }
}
