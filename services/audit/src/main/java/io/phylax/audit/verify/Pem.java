package io.phylax.audit.verify;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** The PEM form ({@code -----BEGIN PUBLIC KEY-----}) of the log's Ed25519 public key, both ways. */
public final class Pem {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private Pem() {}

    public static String encode(PublicKey key) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return BEGIN + "\n" + body + "\n" + END + "\n";
    }

    /**
     * The Ed25519 public key in {@code pem}.
     *
     * @throws IllegalArgumentException if it is not one PEM public key, or not an Ed25519 key
     */
    public static PublicKey decodeEd25519(String pem) {
        String text = pem.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new IllegalArgumentException("not a PEM public key (BEGIN PUBLIC KEY ... END PUBLIC KEY)");
        }
        String body =
                text.substring(BEGIN.length(), text.length() - END.length()).replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return KeyFactory.getInstance(SignedTreeHead.SIGNATURE_ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }
}
