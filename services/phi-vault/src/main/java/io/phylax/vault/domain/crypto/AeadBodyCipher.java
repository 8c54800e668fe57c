package io.phylax.vault.domain.crypto;

/** The production body cipher: AES-256-GCM through {@link AeadCipher}. */
public final class AeadBodyCipher implements BodyCipher {

    @Override
    public byte[] seal(byte[] dataKey, byte[] plaintext, byte[] associatedData) {
        return AeadCipher.encrypt(dataKey, plaintext, associatedData);
    }

    @Override
    public byte[] open(byte[] dataKey, byte[] sealed, byte[] associatedData) {
        return AeadCipher.decrypt(dataKey, sealed, associatedData);
    }
}
