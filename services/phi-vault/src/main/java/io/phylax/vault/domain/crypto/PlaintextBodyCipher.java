package io.phylax.vault.domain.crypto;

import java.util.Arrays;

/**
 * BENCHMARK ONLY: stores the body in clear, framed like {@link AeadCipher}'s output (12 zero bytes where the
 * nonce goes, the body, 16 zero bytes where the tag goes) so rows keep their size. Selected only under
 * {@code phylax.vault.crypto.mode=none}, which the vault refuses outside the Quarkus {@code bench} profile
 * (ADR 0090).
 */
public final class PlaintextBodyCipher implements BodyCipher {

    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    @Override
    public byte[] seal(byte[] dataKey, byte[] plaintext, byte[] associatedData) {
        byte[] framed = new byte[NONCE_BYTES + plaintext.length + TAG_BYTES];
        System.arraycopy(plaintext, 0, framed, NONCE_BYTES, plaintext.length);
        return framed;
    }

    /** Refuses anything not framed with zeros: a real ciphertext is never handed out as if it were a body. */
    @Override
    public byte[] open(byte[] dataKey, byte[] sealed, byte[] associatedData) {
        if (sealed.length < NONCE_BYTES + TAG_BYTES
                || !zero(sealed, 0, NONCE_BYTES)
                || !zero(sealed, sealed.length - TAG_BYTES, sealed.length)) {
            throw new IntegrityException();
        }
        return Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length - TAG_BYTES);
    }

    private static boolean zero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
