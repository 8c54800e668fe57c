package io.phylax.vault.it;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The vault with its data keys wrapped by Vault Transit (the stand-in) instead of the local keyring. */
public class TransitKeysProfile implements QuarkusTestProfile {

    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 8);

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TransitStandInResource.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // The stand-in's keys cannot open index keys wrapped by the local test keyring, nor the reverse, nor
        // those of an earlier run's stand-in (each run starts one with fresh keys): a scope per run.
        return Map.of("phylax.vault.keys.index-key-scope", "test-transit-" + RUN);
    }
}
