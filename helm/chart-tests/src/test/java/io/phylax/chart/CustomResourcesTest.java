package io.phylax.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * The custom resources (cert-manager, Strimzi, Prometheus Operator), parsed strictly into their typed models
 * by RenderedChart; here each is also held to the API version and the spec fields the chart means to use,
 * and its content is compared with its source: the local stack's Kafka ACLs, the alert rule file.
 */
class CustomResourcesTest {

    static final Map<String, String> API_VERSIONS = Map.of(
            "Certificate", "cert-manager.io/v1",
            "KafkaUser", "kafka.strimzi.io/v1beta2",
            "KafkaTopic", "kafka.strimzi.io/v1beta2",
            "ServiceMonitor", "monitoring.coreos.com/v1",
            "PrometheusRule", "monitoring.coreos.com/v1");

    static final Map<String, Set<String>> SPEC_FIELDS = Map.of(
            "Certificate",
            Set.of(
                    "secretName",
                    "commonName",
                    "dnsNames",
                    "usages",
                    "duration",
                    "renewBefore",
                    "privateKey",
                    "keystores",
                    "issuerRef"),
            "KafkaUser",
            Set.of("authentication", "authorization"),
            "KafkaTopic",
            Set.of("topicName", "partitions", "replicas", "config"),
            "ServiceMonitor",
            Set.of("selector", "namespaceSelector", "endpoints"),
            "PrometheusRule",
            Set.of("groups"));

    @Test
    void customResourcesUseTheirApiVersionAndOnlyKnownSpecFields() {
        RenderedChart chart = RenderedChart.render("kafka.topics.create", true);

        for (String kind : API_VERSIONS.keySet()) {
            List<GenericKubernetesResource> resources = chart.custom(kind);
            assertThat(resources).as(kind).isNotEmpty();
            for (GenericKubernetesResource resource : resources) {
                assertThat(resource.getApiVersion()).as(kind).isEqualTo(API_VERSIONS.get(kind));
                @SuppressWarnings("unchecked")
                Map<String, Object> spec =
                        (Map<String, Object>) resource.getAdditionalProperties().get("spec");
                assertThat(spec.keySet()).as(kind + " spec").isSubsetOf(SPEC_FIELDS.get(kind));
            }
        }
    }

    /** The ACL bindings of deploy/local/kafka/Provision.java, as "principal operation resource". */
    static TreeSet<String> localStackAcls() {
        TreeSet<String> acls = new TreeSet<>();
        for (String topic : List.of("phi.events.v1", "phi.access.v1")) {
            acls.add("phi-vault Write topic:" + topic);
            acls.add("phi-vault Describe topic:" + topic);
        }
        for (String operation : List.of("Read", "Write", "Describe")) {
            acls.add("phi-vault " + operation + " topic:vault.outbox-position.v1");
        }
        acls.add("phi-vault Write transactionalId:phi-vault-outbox-relay");
        acls.add("phi-vault Describe transactionalId:phi-vault-outbox-relay");
        consumer(acls, "audit", List.of("phi.events.v1", "phi.access.v1"), List.of("audit.dlq.v1"));
        consumer(
                acls,
                "notification",
                List.of("phi.events.v1"),
                List.of("notification.dlq.v1", "notification.outcomes.v1"));
        consumer(acls, "reporting", List.of("phi.events.v1"), List.of("reporting.dlq.v1"));
        return acls;
    }

    static void consumer(TreeSet<String> acls, String principal, List<String> reads, List<String> writes) {
        for (String topic : reads) {
            acls.add(principal + " Read topic:" + topic);
            acls.add(principal + " Describe topic:" + topic);
        }
        acls.add(principal + " Read group:" + principal);
        acls.add(principal + " Describe group:" + principal);
        for (String topic : writes) {
            acls.add(principal + " Write topic:" + topic);
            acls.add(principal + " Describe topic:" + topic);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void kafkaUsersAuthenticateWithTlsAndHaveExactlyTheLocalStacksAcls() {
        TreeSet<String> rendered = new TreeSet<>();
        for (GenericKubernetesResource user : RenderedChart.render().custom("KafkaUser")) {
            String component = user.getMetadata().getLabels().get("app.kubernetes.io/component");
            assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "phylax");
            Map<String, Object> spec =
                    (Map<String, Object>) user.getAdditionalProperties().get("spec");
            assertThat((Map<String, Object>) spec.get("authentication")).containsEntry("type", "tls");
            var acls = (List<Map<String, Object>>) ((Map<String, Object>) spec.get("authorization")).get("acls");
            for (Map<String, Object> acl : acls) {
                Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
                assertThat(resource).containsEntry("patternType", "literal");
                for (Object operation : (List<Object>) acl.get("operations")) {
                    rendered.add(component + " " + operation + " " + resource.get("type") + ":" + resource.get("name"));
                }
            }
        }

        assertThat(rendered).containsExactlyElementsOf(localStackAcls());
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePrometheusRuleIsTheRuleFileThatPromtoolTests() throws IOException {
        GenericKubernetesResource rule =
                RenderedChart.render().custom("PrometheusRule").get(0);
        Map<String, Object> file = new ObjectMapper(new YAMLFactory())
                .readValue(
                        Files.readString(RenderedChart.CHART_DIR.resolve("files/alerts/phylax.rules.yaml")), Map.class);

        assertThat(rule.getAdditionalProperties().get("spec")).isEqualTo(file);
        assertThat(file.toString())
                .contains(
                        "PhylaxOutboxLagHigh",
                        "PhylaxConsumerLagHigh",
                        "PhylaxDeadLetters",
                        "PhylaxAccessDenialSpike",
                        "PhylaxAuthenticationFailureSpike",
                        "PhylaxBreakGlassUsed",
                        "PhylaxAuditVerificationFailed",
                        "PhylaxKeyServiceErrors");
    }

    @Test
    @SuppressWarnings("unchecked")
    void internalCertificatesCarryTheIdentitiesTheVaultChecks() {
        List<GenericKubernetesResource> certificates = RenderedChart.render().custom("Certificate");

        assertThat(certificates)
                .extracting(
                        c -> ((Map<String, Object>) c.getAdditionalProperties().get("spec")).get("commonName"))
                .containsExactlyInAnyOrder("phylax-phi-vault.phylax.svc", "notification");
    }
}
