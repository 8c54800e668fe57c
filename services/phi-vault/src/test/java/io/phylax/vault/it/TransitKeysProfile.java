package io.phylax.vault.it;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The vault with its data keys wrapped by Vault Transit (the stand-in) instead of the local keyring. */
public class TransitKeysProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TransitStandInResource.class));
    }
}
