package io.phylax.vault.it;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The vault with its data keys wrapped by Vault Transit (the stand-in) instead of the local keyring. */
public class TransitKeysProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TransitStandInResource.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // The stand-in's keys cannot open index keys wrapped by the local test keyring, nor the reverse.
        return Map.of("phylax.vault.keys.index-key-scope", "test-transit");
    }
}
