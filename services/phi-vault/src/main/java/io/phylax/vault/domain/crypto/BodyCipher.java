package io.phylax.vault.domain.crypto;

/**
 * Seals and opens a FHIR body under a subject's data key, bound to its associated data. Production always uses
 * {@link AeadBodyCipher}; {@link PlaintextBodyCipher} exists only for the benchmark's encryption-off figures.
 */
public interface BodyCipher {

    byte[] seal(byte[] dataKey, byte[] plaintext, byte[] associatedData);

    /** The body; an {@link IntegrityException} if the stored bytes, key or associated data do not match. */
    byte[] open(byte[] dataKey, byte[] sealed, byte[] associatedData);
}
