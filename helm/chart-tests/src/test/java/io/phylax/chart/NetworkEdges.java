package io.phylax.chart;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * The edges that rendered NetworkPolicies allow, as readable strings "from -> to:port[/protocol]".
 * A peer inside the release is named by its component label; one outside by its namespace (the
 * kubernetes.io/metadata.name label) or its ipBlock. A rule without peers or without ports would open
 * everything and is named "ANY" so that it can never match the expected table by accident.
 */
public final class NetworkEdges {

    static final String COMPONENT = "app.kubernetes.io/component";
    static final String NAMESPACE = "kubernetes.io/metadata.name";

    private NetworkEdges() {}

    public static TreeSet<String> of(List<NetworkPolicy> policies) {
        TreeSet<String> edges = new TreeSet<>();
        for (NetworkPolicy policy : policies) {
            if (ChartPolicy.isDefaultDeny(policy)) {
                continue;
            }
            String self = selected(policy.getSpec().getPodSelector());
            for (var rule : policy.getSpec().getIngress()) {
                for (String peer : peers(rule.getFrom())) {
                    for (String port : ports(rule.getPorts())) {
                        edges.add(peer + " -> " + self + ":" + port);
                    }
                }
            }
            for (var rule : policy.getSpec().getEgress()) {
                for (String peer : peers(rule.getTo())) {
                    for (String port : ports(rule.getPorts())) {
                        edges.add(self + " -> " + peer + ":" + port);
                    }
                }
            }
        }
        return edges;
    }

    private static String selected(LabelSelector selector) {
        Map<String, String> labels = selector == null ? Map.of() : selector.getMatchLabels();
        return labels.getOrDefault(COMPONENT, "ANY");
    }

    private static List<String> peers(List<NetworkPolicyPeer> peers) {
        if (peers == null || peers.isEmpty()) {
            return List.of("ANY");
        }
        return peers.stream().map(NetworkEdges::peer).toList();
    }

    private static String peer(NetworkPolicyPeer peer) {
        if (peer.getIpBlock() != null) {
            return "ipBlock:" + peer.getIpBlock().getCidr();
        }
        if (peer.getNamespaceSelector() != null) {
            return peer.getNamespaceSelector().getMatchLabels().getOrDefault(NAMESPACE, "ANY-NAMESPACE");
        }
        if (peer.getPodSelector() != null) {
            return selected(peer.getPodSelector());
        }
        return "ANY";
    }

    private static List<String> ports(List<NetworkPolicyPort> ports) {
        if (ports == null || ports.isEmpty()) {
            return List.of("ANY");
        }
        return ports.stream()
                .map(p -> {
                    String port = p.getPort() == null
                            ? "ANY"
                            : String.valueOf(p.getPort().getValue());
                    return "UDP".equals(p.getProtocol()) ? port + "/UDP" : port;
                })
                .toList();
    }
}
