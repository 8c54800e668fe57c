package io.phylax.vault.application.port.out;

/**
 * The tenant key-encryption keys' lifecycle at the key service: rotation and rewrapping a wrapped key under
 * the newest version without the data it protects. Blocking; fails with
 * {@link KeyServiceUnavailableException} when the key service cannot answer, and with an integrity error
 * when a wrapped key does not authenticate.
 */
public interface KeyRotationPort {

    /** Adds a KEK version for the tenant; new wraps use it. Returns the new version. */
    int rotate(String tenant);

    /** The tenant's newest KEK version (0 if it has none yet). */
    int currentVersion(String tenant);

    /** The provider name recorded with wrapped keys ({@code local} or {@code vault-transit}). */
    String provider();

    WrappedDataKey rewrap(WrappedDataKey wrapped);

    WrappedIndexKey rewrap(WrappedIndexKey wrapped);
}
