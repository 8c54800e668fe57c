package io.phylax.audit.adapter.out.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.phylax.audit.verify.SignedTreeHead;

/** The signing key: created once in a passphrase-protected PKCS#12, reused after, useless without the passphrase. */
class Pkcs12SigningKeyTest {

    @TempDir
    Path dir;

    @Test
    void createsAKeyPairOnFirstStartAndReusesItAfter() throws Exception {
        Path keystore = dir.resolve("keys/tree-signing.p12");
        Path passphrase = Files.writeString(dir.resolve("passphrase"), "correct horse battery staple\n");

        Pkcs12SigningKey first = new Pkcs12SigningKey(keystore, passphrase, "tree-signing");
        Pkcs12SigningKey second = new Pkcs12SigningKey(keystore, passphrase, "tree-signing");

        assertThat(second.publicKey()).isEqualTo(first.publicKey());
        assertThat(first.publicKey().getAlgorithm()).isIn("Ed25519", "EdDSA");
        SignedTreeHead head = first.sign(42, 1_700_000_000_000L, new byte[32]);
        assertThat(head.verifies(second.publicKey())).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore)))
                .isEqualTo("rw-------");
    }

    @Test
    void theKeystoreHoldsTheKeyWithASelfSignedCertificateOfItsPublicKey() throws Exception {
        Path keystore = dir.resolve("tree-signing.p12");
        Path passphrase = Files.writeString(dir.resolve("passphrase"), "s3cret");
        Pkcs12SigningKey key = new Pkcs12SigningKey(keystore, passphrase, "tree-signing");

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "s3cret".toCharArray());
        }
        X509Certificate certificate = (X509Certificate) store.getCertificate("tree-signing");
        certificate.verify(key.publicKey());
        assertThat(certificate.getPublicKey()).isEqualTo(key.publicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=phylax-audit-tree-signing");
    }

    @Test
    void aWrongPassphraseIsRefused() throws Exception {
        Path keystore = dir.resolve("tree-signing.p12");
        new Pkcs12SigningKey(keystore, Files.writeString(dir.resolve("right"), "right"), "tree-signing");

        assertThatThrownBy(() -> new Pkcs12SigningKey(
                        keystore, Files.writeString(dir.resolve("wrong"), "wrong"), "tree-signing"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrong passphrase");
    }

    @Test
    void anEmptyPassphraseFileIsRefused() throws Exception {
        Path passphrase = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> new Pkcs12SigningKey(dir.resolve("k.p12"), passphrase, "tree-signing"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(dir.resolve("k.p12")).doesNotExist();
    }
}
