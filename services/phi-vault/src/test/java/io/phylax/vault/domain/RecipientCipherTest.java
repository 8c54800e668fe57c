package io.phylax.vault.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.phylax.vault.domain.crypto.RecipientCipher;

/** The export file's JWE opens with the recipient's private key alone, and with nothing else. */
class RecipientCipherTest {

    private static final KeyPair RECIPIENT = keys();
    private static final byte[] FILE =
            "{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void recipientOpensTheFileWithTheJcaAlone() throws Exception {
        byte[] jwe = RecipientCipher.seal(FILE, (RSAPublicKey) RECIPIENT.getPublic(), "application/fhir+ndjson");

        assertThat(open(jwe, RECIPIENT.getPrivate())).isEqualTo(FILE);
        String header = new String(
                Base64.getUrlDecoder().decode(new String(jwe, StandardCharsets.US_ASCII).split("\\.")[0]),
                StandardCharsets.UTF_8);
        assertThat(header)
                .isEqualTo("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"cty\":\"application/fhir+ndjson\"}");
    }

    @Test
    void eachFileHasItsOwnContentKey() {
        RSAPublicKey key = (RSAPublicKey) RECIPIENT.getPublic();

        assertThat(RecipientCipher.seal(FILE, key, "application/fhir+ndjson"))
                .isNotEqualTo(RecipientCipher.seal(FILE, key, "application/fhir+ndjson"));
    }

    @Test
    void anotherKeyOrAChangedHeaderDoesNotOpenIt() {
        byte[] jwe = RecipientCipher.seal(FILE, (RSAPublicKey) RECIPIENT.getPublic(), "application/fhir+ndjson");
        String[] parts = new String(jwe, StandardCharsets.US_ASCII).split("\\.");
        String otherHeader = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"cty\":\"text/plain\"}"
                        .getBytes(StandardCharsets.UTF_8));
        byte[] tampered = String.join(".", otherHeader, parts[1], parts[2], parts[3], parts[4])
                .getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> open(jwe, keys().getPrivate())).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> open(tampered, RECIPIENT.getPrivate())).isInstanceOf(AEADBadTagException.class);
    }

    private static byte[] open(byte[] jwe, PrivateKey key) throws GeneralSecurityException {
        String[] parts = new String(jwe, StandardCharsets.US_ASCII).split("\\.");
        Base64.Decoder b64 = Base64.getUrlDecoder();
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.DECRYPT_MODE, key, RecipientCipher.OAEP_256);
        byte[] contentKey = rsa.doFinal(b64.decode(parts[1]));
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(contentKey, "AES"),
                new GCMParameterSpec(128, b64.decode(parts[2])));
        gcm.updateAAD(parts[0].getBytes(StandardCharsets.US_ASCII));
        byte[] ciphertext = b64.decode(parts[3]);
        byte[] tag = b64.decode(parts[4]);
        byte[] sealed = new byte[ciphertext.length + tag.length];
        System.arraycopy(ciphertext, 0, sealed, 0, ciphertext.length);
        System.arraycopy(tag, 0, sealed, ciphertext.length, tag.length);
        return gcm.doFinal(sealed);
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
