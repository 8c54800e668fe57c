package io.phylax.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * The deployment policy Phylax holds its chart to, checked on rendered manifests: every pod restricted
 * (stricter than the Pod Security Standard: a default weakened at pod or container level is reported),
 * a default-deny NetworkPolicy, no Secret with inline data and no literal credential in an env var or a
 * config file, every
 * image pinned, every container with probes on the Quarkus health endpoints and with resources.
 * Returns the violations, each naming the object and the rule, so a test can show it catches a weakening.
 */
public final class ChartPolicy {

    private static final Pattern DIGEST = Pattern.compile(".+@sha256:[a-f0-9]{64}");
    private static final Pattern TAGGED = Pattern.compile("[^@]+/[^/@:]+:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})");
    private static final Pattern CREDENTIAL_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|PASSPHRASE|KEY).*");
    private static final Pattern LITERAL_CREDENTIAL =
            Pattern.compile("[^=]*(password|secret|passphrase)\\s*=\\s*(?!\\$\\{)\\S.*", Pattern.CASE_INSENSITIVE);

    private ChartPolicy() {}

    public static List<String> violations(List<HasMetadata> objects) {
        List<String> found = new ArrayList<>();
        for (HasMetadata object : objects) {
            podTemplate(object).ifPresent(template -> checkPod(where(object), template.getSpec(), found));
            if (object instanceof Secret secret) {
                checkSecret(secret, found);
            }
            if (object instanceof ConfigMap config) {
                checkConfig(config, found);
            }
            if (object instanceof ServiceAccount account
                    && !Boolean.FALSE.equals(account.getAutomountServiceAccountToken())) {
                found.add(where(object) + ": automountServiceAccountToken must be false");
            }
        }
        if (objects.stream().noneMatch(ChartPolicy::isDefaultDeny)) {
            found.add("namespace: no default-deny NetworkPolicy (podSelector {}, Ingress and Egress, no rules)");
        }
        return found;
    }

    /** A NetworkPolicy that selects every pod and allows nothing in either direction. */
    static boolean isDefaultDeny(HasMetadata object) {
        if (!(object instanceof NetworkPolicy policy)) {
            return false;
        }
        var spec = policy.getSpec();
        var selector = spec.getPodSelector();
        boolean selectsAll =
                selector == null || (isEmpty(selector.getMatchLabels()) && isEmpty(selector.getMatchExpressions()));
        return selectsAll
                && spec.getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                && isEmpty(spec.getIngress())
                && isEmpty(spec.getEgress());
    }

    private static void checkPod(String where, PodSpec pod, List<String> found) {
        PodSecurityContext podContext =
                Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
        if (!Boolean.TRUE.equals(podContext.getRunAsNonRoot())) {
            found.add(where + ": pod securityContext.runAsNonRoot must be true");
        }
        if (Objects.equals(podContext.getRunAsUser(), 0L)) {
            found.add(where + ": pod securityContext.runAsUser must not be 0");
        }
        if (!isRestrictedSeccomp(podContext.getSeccompProfile())) {
            found.add(where + ": pod seccompProfile must be RuntimeDefault or Localhost");
        }
        if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
            found.add(where + ": automountServiceAccountToken must be false");
        }
        if (Boolean.TRUE.equals(pod.getHostNetwork())
                || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            found.add(where + ": host namespaces must not be shared");
        }
        pod.getVolumes().stream()
                .filter(v -> v.getHostPath() != null)
                .forEach(v -> found.add(where + ": hostPath volume " + v.getName() + " is not allowed"));
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        for (Container container : containers) {
            checkContainer(where + " container " + container.getName(), container, podContext, pod, found);
        }
    }

    private static void checkContainer(
            String where, Container container, PodSecurityContext podContext, PodSpec pod, List<String> found) {
        SecurityContext context =
                Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
        if (Boolean.FALSE.equals(context.getRunAsNonRoot())) {
            found.add(where + ": securityContext.runAsNonRoot must not be false");
        }
        if (Objects.equals(context.getRunAsUser(), 0L)) {
            found.add(where + ": securityContext.runAsUser must not be 0");
        }
        if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            found.add(where + ": allowPrivilegeEscalation must be false");
        }
        if (Boolean.TRUE.equals(context.getPrivileged())) {
            found.add(where + ": must not be privileged");
        }
        if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
            found.add(where + ": readOnlyRootFilesystem must be true");
        }
        Capabilities capabilities =
                Optional.ofNullable(context.getCapabilities()).orElseGet(Capabilities::new);
        if (!capabilities.getDrop().contains("ALL")) {
            found.add(where + ": capabilities must drop ALL");
        }
        if (!isEmpty(capabilities.getAdd())) {
            found.add(where + ": capabilities must not add " + capabilities.getAdd());
        }
        if (context.getSeccompProfile() != null && !isRestrictedSeccomp(context.getSeccompProfile())) {
            found.add(where + ": seccompProfile must be RuntimeDefault or Localhost");
        }
        boolean tmpIsEmptyDir = container.getVolumeMounts().stream()
                .filter(m -> "/tmp".equals(m.getMountPath()))
                .anyMatch(m -> pod.getVolumes().stream()
                        .anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null));
        if (!tmpIsEmptyDir) {
            found.add(where + ": /tmp must be an emptyDir (the root filesystem is read-only)");
        }
        checkImage(where, container.getImage(), found);
        checkProbe(where, "livenessProbe", container.getLivenessProbe(), "/q/health/live", found);
        checkProbe(where, "readinessProbe", container.getReadinessProbe(), "/q/health/ready", found);
        checkResources(where, container.getResources(), found);
        for (EnvVar env : container.getEnv()) {
            if (env.getValue() != null && CREDENTIAL_NAME.matcher(env.getName()).matches()) {
                found.add(where + ": env " + env.getName() + " carries a literal value; use a secretKeyRef");
            }
        }
    }

    static void checkImage(String where, String image, List<String> found) {
        if (image == null || image.isBlank()) {
            found.add(where + ": no image");
            return;
        }
        if (DIGEST.matcher(image).matches()) {
            return;
        }
        var tagged = TAGGED.matcher(image);
        if (!tagged.matches() || "latest".equals(tagged.group(1))) {
            found.add(where + ": image " + image
                    + " is not pinned (registry/repository:tag or @sha256 digest, never latest)");
        }
    }

    private static void checkProbe(String where, String name, Probe probe, String path, List<String> found) {
        if (probe == null
                || probe.getHttpGet() == null
                || !path.equals(probe.getHttpGet().getPath())) {
            found.add(where + ": " + name + " must be an httpGet of " + path);
        }
    }

    private static void checkResources(String where, ResourceRequirements resources, List<String> found) {
        Map<String, Quantity> requests = resources == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits = resources == null ? Map.of() : resources.getLimits();
        for (String resource : List.of("cpu", "memory")) {
            if (!requests.containsKey(resource)) {
                found.add(where + ": resources.requests." + resource + " must be set");
            }
        }
        if (!limits.containsKey("memory")) {
            found.add(where + ": resources.limits.memory must be set");
        }
    }

    private static void checkSecret(Secret secret, List<String> found) {
        if (!isEmpty(secret.getData()) || !isEmpty(secret.getStringData())) {
            found.add(where(secret) + ": a Secret with inline data; credentials come from an existingSecret");
        }
    }

    /** Config files may name a credential only as an ${ENV} expression or a file path, never its value. */
    private static void checkConfig(ConfigMap config, List<String> found) {
        if (config.getData() == null) {
            return;
        }
        config.getData()
                .forEach((file, content) -> content.lines()
                        .map(String::strip)
                        .filter(line -> !line.startsWith("#"))
                        .filter(line -> LITERAL_CREDENTIAL.matcher(line).matches())
                        .forEach(line -> found.add(where(config) + ": " + file + " sets "
                                + line.substring(0, line.indexOf('=')) + " to a literal; use ${ENV} from a Secret")));
    }

    private static boolean isRestrictedSeccomp(SeccompProfile profile) {
        return profile != null && ("RuntimeDefault".equals(profile.getType()) || "Localhost".equals(profile.getType()));
    }

    private static Optional<PodTemplateSpec> podTemplate(HasMetadata object) {
        if (object instanceof Deployment d) {
            return Optional.of(d.getSpec().getTemplate());
        }
        if (object instanceof StatefulSet s) {
            return Optional.of(s.getSpec().getTemplate());
        }
        if (object instanceof DaemonSet d) {
            return Optional.of(d.getSpec().getTemplate());
        }
        if (object instanceof Job j) {
            return Optional.of(j.getSpec().getTemplate());
        }
        if (object instanceof CronJob c) {
            return Optional.of(c.getSpec().getJobTemplate().getSpec().getTemplate());
        }
        return Optional.empty();
    }

    static String where(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }

    private static boolean isEmpty(Map<?, ?> map) {
        return map == null || map.isEmpty();
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
