package io.phylax.audit.adapter.out.signing;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A minimal self-signed X.509 v1 certificate for an Ed25519 key pair (RFC 8410). PKCS#12 keeps a private key only
 * together with a certificate; nobody validates this one as a certificate, it only carries the public key.
 */
final class SelfSignedCertificate {

    /** id-Ed25519, RFC 8410. */
    private static final int[] ED25519 = {1, 3, 101, 112};
    /** id-at-commonName. */
    private static final int[] COMMON_NAME = {2, 5, 4, 3};
    /** RFC 5280 §4.1.2.5: the value for "no well-defined expiration date". */
    private static final Instant NO_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private static final SecureRandom SERIALS = new SecureRandom();

    private SelfSignedCertificate() {}

    static X509Certificate create(KeyPair keys, String commonName) throws GeneralSecurityException {
        byte[] serial = new byte[16];
        SERIALS.nextBytes(serial);
        serial[0] &= 0x7F;
        byte[] algorithm = Der.sequence(Der.objectIdentifier(ED25519));
        byte[] name =
                Der.sequence(Der.set(Der.sequence(Der.objectIdentifier(COMMON_NAME), Der.utf8String(commonName))));
        byte[] tbs = Der.sequence(
                Der.positiveInteger(serial),
                algorithm,
                name,
                Der.sequence(Der.time(Instant.now().truncatedTo(ChronoUnit.SECONDS)), Der.time(NO_EXPIRY)),
                name,
                // Already DER SubjectPublicKeyInfo.
                keys.getPublic().getEncoded());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
        X509Certificate certificate = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        certificate.verify(keys.getPublic());
        return certificate;
    }
}
