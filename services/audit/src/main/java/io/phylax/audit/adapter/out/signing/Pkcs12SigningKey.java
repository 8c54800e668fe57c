package io.phylax.audit.adapter.out.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.phylax.audit.application.port.out.SigningKeyPort;
import io.phylax.audit.config.AuditConfig;
import io.phylax.audit.verify.SignedTreeHead;
import io.quarkus.runtime.Startup;

/**
 * The tree-head signing key: an Ed25519 key pair in a passphrase-protected PKCS#12 file, created on first start.
 * Replicas sharing the file agree on one key: the file is published by a hard link, which fails if another
 * replica got there first, and every replica then loads what is on disk.
 */
@Startup
@ApplicationScoped
public class Pkcs12SigningKey implements SigningKeyPort {

    private static final Logger LOG = Logger.getLogger(Pkcs12SigningKey.class);
    private static final String KEYSTORE_TYPE = "PKCS12";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final byte[] keyId;

    @Inject
    public Pkcs12SigningKey(AuditConfig config) {
        this(
                config.signing().keystore(),
                config.signing().passphraseFile(),
                config.signing().alias());
    }

    Pkcs12SigningKey(Path keystore, Path passphraseFile, String alias) {
        char[] passphrase = readPassphrase(passphraseFile);
        try {
            if (!Files.exists(keystore)) {
                create(keystore, passphrase, alias);
            }
            KeyStore store = KeyStore.getInstance(KEYSTORE_TYPE);
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, passphrase);
            }
            Certificate certificate = store.getCertificate(alias);
            if (!(store.getKey(alias, passphrase) instanceof PrivateKey key) || certificate == null) {
                throw new IllegalStateException("the signing keystore has no key pair named " + alias);
            }
            this.privateKey = key;
            this.publicKey = certificate.getPublicKey();
            this.keyId = SignedTreeHead.keyIdOf(publicKey);
            requireMatchingPair();
        } catch (IOException e) {
            // PKCS#12 reports a wrong passphrase as an IOException (the MAC does not verify).
            throw new IllegalStateException(
                    "cannot open the signing keystore " + keystore + ": wrong passphrase or unreadable file", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the signing keystore " + keystore, e);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    @Override
    public SignedTreeHead sign(long treeSize, long timestamp, byte[] rootHash) {
        try {
            Signature signer = Signature.getInstance(SignedTreeHead.SIGNATURE_ALGORITHM);
            signer.initSign(privateKey);
            signer.update(SignedTreeHead.signedBytes(treeSize, timestamp, rootHash));
            return new SignedTreeHead(treeSize, timestamp, rootHash, keyId.clone(), signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a tree head failed", e);
        }
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    private void requireMatchingPair() throws GeneralSecurityException {
        SignedTreeHead probe = sign(0, 0, new byte[32]);
        if (!probe.verifies(publicKey)) {
            throw new IllegalStateException("the signing keystore's private key does not match its certificate");
        }
    }

    private static void create(Path keystore, char[] passphrase, String alias)
            throws IOException, GeneralSecurityException {
        Path dir = keystore.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        KeyPair keys =
                KeyPairGenerator.getInstance(SignedTreeHead.SIGNATURE_ALGORITHM).generateKeyPair();
        KeyStore store = KeyStore.getInstance(KEYSTORE_TYPE);
        store.load(null, passphrase);
        store.setKeyEntry(alias, keys.getPrivate(), passphrase, new Certificate[] {
            SelfSignedCertificate.create(keys, "phylax-audit-tree-signing")
        });
        Path temp = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(
                        dir,
                        ".tree-signing",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".tree-signing", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, passphrase);
            }
            publish(temp, keystore);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Makes the complete file appear at its name at once, unless another replica's already did. */
    private static void publish(Path temp, Path keystore) throws IOException {
        try {
            Files.createLink(keystore, temp);
            LOG.infof("created a new tree-head signing key in %s", keystore);
        } catch (FileAlreadyExistsException e) {
            LOG.info("another replica created the signing keystore first; using theirs");
        } catch (UnsupportedOperationException e) {
            if (!Files.exists(keystore)) {
                Files.move(temp, keystore, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static char[] readPassphrase(Path file) {
        try {
            String passphrase = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (passphrase.isEmpty()) {
                throw new IllegalStateException("the signing passphrase file " + file + " is empty");
            }
            return passphrase.toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing passphrase file " + file, e);
        }
    }
}
