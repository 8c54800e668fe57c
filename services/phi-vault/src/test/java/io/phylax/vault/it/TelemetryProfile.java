package io.phylax.vault.it;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The vault with an OTLP endpoint configured (a receiver in the test), so traces are exported. */
public class TelemetryProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OtlpReceiverResource.class));
    }
}
