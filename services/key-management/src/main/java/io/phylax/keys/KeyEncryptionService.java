package io.phylax.keys;

/** Wraps and unwraps data keys under named, versioned key-encryption keys (one name per tenant). */
public interface KeyEncryptionService {

    /**
     * Wraps a data key under the newest version of kekName, creating the KEK if the implementation allows it.
     * context is authenticated, not encrypted (AAD).
     */
    WrappedKey wrap(String kekName, byte[] dataKey, byte[] context);

    /**
     * Unwraps; throws KeyIntegrityException if the wrapped bytes or the context do not authenticate,
     * KeyUnavailableException if the key service cannot answer or refuses.
     */
    byte[] unwrap(String kekName, WrappedKey wrapped, byte[] context);

    /** Adds a new KEK version; new wraps use it; returns the new version. */
    int rotate(String kekName);

    /** The newest KEK version of kekName (0 if it does not exist). */
    int currentVersion(String kekName);

    /**
     * Re-wraps under the newest version without exposing the data key to the caller where the backend allows
     * (Transit rewrap).
     */
    WrappedKey rewrap(String kekName, WrappedKey wrapped, byte[] context);

    /** Short name of the backend for logs/metrics: "local" or "vault-transit". */
    String provider();
}
