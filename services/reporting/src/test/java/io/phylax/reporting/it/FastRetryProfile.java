package io.phylax.reporting.it;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Retries a failed count within a fraction of a second, so an outage test does not wait out the back-off. */
public class FastRetryProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "phylax.reporting.retry.initial-delay", "PT0.1S",
                "phylax.reporting.retry.max-delay", "PT0.5S");
    }
}
