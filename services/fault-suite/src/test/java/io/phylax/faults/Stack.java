package io.phylax.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.phylax.testkit.DemoRealm;
import io.phylax.testkit.Eventually;
import io.phylax.testkit.LocalStack;
import io.phylax.testkit.StackParts;
import io.phylax.testkit.Tokens;

/** The stack around a fault: a clinician's API, and every part and service running and ready again afterwards. */
final class Stack {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final List<String> SERVICE_URLS =
            List.of("PHYLAX_VAULT_URL", "PHYLAX_AUDIT_URL", "PHYLAX_NOTIFICATION_URL", "PHYLAX_REPORTING_URL");

    private static final List<String> INFRASTRUCTURE = List.of("postgres", "kafka", "keycloak", "smtp");
    private static final List<String> SERVICES = List.of("phi-vault", "audit", "notification", "reporting");

    private Stack() {}

    /** The vault's API with a fresh token of clinic-a's clinician. */
    static VaultApi clinician() {
        return new VaultApi(Tokens.forUser(DemoRealm.user(DemoRealm.CLINIC_A, "clinician")));
    }

    /** Starts whatever a fault left stopped and waits until every service reports ready: the suite's cleanup. */
    static void restoreEverything() {
        // Only what is down is started again: `stack up` re-provisions every part, which takes a while.
        if (!INFRASTRUCTURE.stream().allMatch(StackParts::running)) {
            StackParts.restartInfrastructure();
        }
        if (!SERVICES.stream().allMatch(StackParts::running)) {
            StackParts.restartServices();
        }
        awaitServicesReady();
    }

    /** One line of figures for the run's output (counts, statuses and times only: never PHI). */
    static void report(String fault, WriteLoad load, Instant faultEnded) {
        System.out.printf(
                "[faults] %s: answers %s, %d writes acknowledged, caught up %d s after the fault ended%n",
                fault,
                load.statuses(),
                load.acknowledged().size(),
                Duration.between(faultEnded, Instant.now()).toSeconds());
    }

    /** Waits until all four services report ready on their own (without restarting any). */
    static void awaitServicesReady() {
        for (String service : SERVICE_URLS) {
            String url = LocalStack.get().env(service) + "/q/health/ready";
            Eventually.within(
                    FaultPlan.catchUp(),
                    url + " to report ready",
                    () -> Optional.of(status(url)).filter(s -> s == 200));
        }
    }

    private static int status(String url) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
