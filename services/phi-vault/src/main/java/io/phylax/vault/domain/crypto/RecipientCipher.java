package io.phylax.vault.domain.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a file for one recipient's RSA public key as a JWE in compact serialization (RFC 7516): a fresh
 * AES-256-GCM content key, wrapped with RSA-OAEP-256 (SHA-256, MGF1-SHA-256). Any JOSE library, or the JCA
 * alone, opens it with the recipient's private key. JCA only, no JOSE dependency.
 */
public final class RecipientCipher {

    /** Smallest RSA modulus accepted for a recipient key. */
    public static final int MIN_RSA_BITS = 2048;

    public static final OAEPParameterSpec OAEP_256 =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private static final int IV_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private RecipientCipher() {}

    /** The JWE {@code header.encryptedKey.iv.ciphertext.tag}, as ASCII bytes. */
    public static byte[] seal(byte[] plaintext, RSAPublicKey recipient, String contentType) {
        String header =
                B64.encodeToString(("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"cty\":\"" + contentType + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        byte[] contentKey = AeadCipher.newKey();
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, recipient, OAEP_256);
            byte[] wrappedKey = rsa.doFinal(contentKey);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(
                    Cipher.ENCRYPT_MODE, new SecretKeySpec(contentKey, "AES"), new GCMParameterSpec(TAG_BYTES * 8, iv));
            // RFC 7516: the additional authenticated data is the ASCII of the encoded protected header.
            gcm.updateAAD(header.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = gcm.doFinal(plaintext);
            byte[] ciphertext = Arrays.copyOfRange(sealed, 0, sealed.length - TAG_BYTES);
            byte[] tag = Arrays.copyOfRange(sealed, sealed.length - TAG_BYTES, sealed.length);
            return String.join(
                            ".",
                            header,
                            B64.encodeToString(wrappedKey),
                            B64.encodeToString(iv),
                            B64.encodeToString(ciphertext),
                            B64.encodeToString(tag))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP-256 or AES-GCM is unavailable in this JVM", e);
        } finally {
            Arrays.fill(contentKey, (byte) 0);
        }
    }
}
