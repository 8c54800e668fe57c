package io.phylax.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * The NetworkPolicies allow exactly the edges of the trust-boundary table in DESIGN.md, plus the three
 * operational edges every deployment needs (DNS, Prometheus scraping, and notification's SMTP relay once
 * it is configured) — nothing more, nothing less.
 */
class NetworkPolicyEdgesTest {

    static final List<String> SERVICES = List.of("phi-vault", "audit", "notification", "reporting");

    /** The trust-boundary table, with the chart's default peers and ports. */
    static TreeSet<String> trustBoundaryTable() {
        TreeSet<String> edges = new TreeSet<>();
        // clinic → phi-vault; auditor → audit API; tenant admin → reporting API (through the ingress controller)
        for (String api : List.of("phi-vault", "audit", "reporting")) {
            edges.add("ingress-nginx -> " + api + ":http");
        }
        // notification → phi-vault contact endpoint, mTLS: allowed on both ends
        edges.add("notification -> phi-vault:https-internal");
        edges.add("notification -> phi-vault:8443");
        for (String svc : SERVICES) {
            edges.add(svc + " -> kafka:9093"); // any service ↔ Kafka, mTLS listener
            edges.add(svc + " -> postgresql:5432"); // any service → PostgreSQL
            edges.add(svc + " -> keycloak:8443"); // token issuer (JWKS, discovery, client credentials)
        }
        edges.add("phi-vault -> openbao:8200"); // the vault → key service (Transit)
        return edges;
    }

    /** Edges outside the table that every pod needs to run and be watched. */
    static TreeSet<String> operationalEdges() {
        TreeSet<String> edges = new TreeSet<>();
        for (String svc : SERVICES) {
            edges.add(svc + " -> kube-system:53/UDP");
            edges.add(svc + " -> kube-system:53");
            edges.add("monitoring -> " + svc + ":http");
        }
        return edges;
    }

    static TreeSet<String> expected() {
        TreeSet<String> edges = trustBoundaryTable();
        edges.addAll(operationalEdges());
        return edges;
    }

    @Test
    void defaultsAllowExactlyTheTrustBoundaryTable() {
        TreeSet<String> rendered = NetworkEdges.of(RenderedChart.render().all(NetworkPolicy.class));

        assertThat(rendered).containsExactlyElementsOf(expected());
    }

    @Test
    void aMissingPeerListDropsItsEdgeInsteadOfOpeningEverything() {
        TreeSet<String> rendered = NetworkEdges.of(
                RenderedChart.render("keycloak.networkPolicyPeers", null).all(NetworkPolicy.class));

        TreeSet<String> withoutKeycloak = expected();
        withoutKeycloak.removeIf(edge -> edge.contains("keycloak"));
        assertThat(rendered).containsExactlyElementsOf(withoutKeycloak).noneMatch(edge -> edge.contains("ANY"));
    }

    @Test
    void anExtraEdgeMakesTheRenderedSetDifferFromTheTable() {
        TreeSet<String> rendered = NetworkEdges.of(
                RenderedChart.render("notification.smtp.networkPolicyPeers[0].ipBlock.cidr", "192.0.2.25/32")
                        .all(NetworkPolicy.class));

        assertThat(rendered).isNotEqualTo(expected()).contains("notification -> ipBlock:192.0.2.25/32:587");
    }

    @Test
    void onlyTheVaultAcceptsTheInternalPortAndOnlyFromNotification() {
        TreeSet<String> rendered = NetworkEdges.of(RenderedChart.render().all(NetworkPolicy.class));

        assertThat(rendered.stream().filter(e -> e.contains("https-internal") || e.endsWith(":8443")))
                .containsExactlyInAnyOrder(
                        "notification -> phi-vault:https-internal",
                        "notification -> phi-vault:8443",
                        "phi-vault -> keycloak:8443",
                        "audit -> keycloak:8443",
                        "notification -> keycloak:8443",
                        "reporting -> keycloak:8443");
    }
}
