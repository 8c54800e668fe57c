package io.phylax.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collections;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the embedded keyring, plus what only a file-backed keyring can get wrong. */
class LocalKeyringTest extends KeyEncryptionContract {

    private static final char[] DEFAULT_PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    @Override
    protected KeyEncryptionService newService() {
        return new LocalKeyring(keyringFile(), DEFAULT_PASSPHRASE);
    }

    private Path keyringFile() {
        return dir.resolve("keys").resolve("keyring.p12");
    }

    @Test
    void providerIsLocal() {
        assertThat(service.provider()).isEqualTo("local");
    }

    @Test
    void wrappedKeysUseTheLocalFormat() {
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);

        assertThat(wrapped.ciphertext()).startsWith("local:v1:");
        // 12-byte nonce, 32-byte key, 16-byte tag.
        assertThat(wrapped.payload()).hasSize(60);
    }

    @Test
    void survivesReopenFromFile() {
        byte[] oldKey = newDataKey();
        WrappedKey old = service.wrap(TENANT_A, oldKey, DEFAULT_CONTEXT);
        service.rotate(TENANT_A);
        byte[] newKey = newDataKey();
        WrappedKey current = service.wrap(TENANT_A, newKey, DEFAULT_CONTEXT);

        LocalKeyring reopened = new LocalKeyring(keyringFile(), DEFAULT_PASSPHRASE);

        assertThat(reopened.currentVersion(TENANT_A)).isEqualTo(2);
        assertThat(reopened.unwrap(TENANT_A, old, DEFAULT_CONTEXT)).isEqualTo(oldKey);
        assertThat(reopened.unwrap(TENANT_A, current, DEFAULT_CONTEXT)).isEqualTo(newKey);
    }

    @Test
    void wrongPassphraseIsUnavailable() {
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        String wrong = "not the passphrase";

        LocalKeyring opened = new LocalKeyring(keyringFile(), wrong.toCharArray());

        assertThatThrownBy(() -> opened.unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageNotContaining(wrong)
                .hasMessageNotContaining(new String(DEFAULT_PASSPHRASE));
        assertThatThrownBy(() -> opened.currentVersion(TENANT_A)).isInstanceOf(KeyUnavailableException.class);
        assertThatThrownBy(() -> opened.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT))
                .isInstanceOf(KeyUnavailableException.class);
    }

    @Test
    void wrongPassphraseDoesNotOverwriteTheKeyring() throws Exception {
        service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        byte[] before = Files.readAllBytes(keyringFile());

        LocalKeyring opened = new LocalKeyring(keyringFile(), "not the passphrase".toCharArray());
        assertThatThrownBy(() -> opened.rotate(TENANT_A)).isInstanceOf(KeyUnavailableException.class);

        assertThat(Files.readAllBytes(keyringFile())).isEqualTo(before);
    }

    @Test
    void damagedFileIsUnavailable() throws Exception {
        Files.createDirectories(keyringFile().getParent());
        Files.write(keyringFile(), "not a PKCS#12 file".getBytes());

        assertThatThrownBy(() -> service.currentVersion(TENANT_A)).isInstanceOf(KeyUnavailableException.class);
    }

    @Test
    void fileIsNotWorldReadable() throws Exception {
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");

        service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        service.rotate(TENANT_A);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyringFile())))
                .isEqualTo("rw-------");
    }

    @Test
    void fileIsCreatedOnFirstKekOnly() {
        assertThat(service.currentVersion(TENANT_A)).isZero();
        assertThat(keyringFile()).doesNotExist();

        service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);

        assertThat(keyringFile()).isRegularFile();
    }

    @Test
    void savingLeavesNoTemporaryFilesBehind() throws Exception {
        service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        service.rotate(TENANT_A);
        service.rotate(TENANT_B);

        try (Stream<Path> files = Files.list(keyringFile().getParent())) {
            assertThat(files).containsExactly(keyringFile());
        }
    }

    @Test
    void fileHoldsOneAes256EntryPerKekVersion() throws Exception {
        service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        service.rotate(TENANT_A);
        service.rotate("tenant.with.dots");

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyringFile())) {
            store.load(in, DEFAULT_PASSPHRASE);
        }

        assertThat(Collections.list(store.aliases()))
                .containsExactlyInAnyOrder("tenant-a.v1", "tenant-a.v2", "tenant.with.dots.v1");
        KeyStore.Entry entry = store.getEntry("tenant-a.v2", new KeyStore.PasswordProtection(DEFAULT_PASSPHRASE));
        assertThat(entry).isInstanceOf(KeyStore.SecretKeyEntry.class);
        KeyStore.SecretKeyEntry secret = (KeyStore.SecretKeyEntry) entry;
        assertThat(secret.getSecretKey().getAlgorithm()).isEqualToIgnoringCase("AES");
        assertThat(secret.getSecretKey().getEncoded()).hasSize(32);
    }

    @Test
    void kekNamesThatLookLikeVersionsDoNotCollide() {
        service.rotate("a");
        service.rotate("a.v1");
        service.rotate("a.v1");

        LocalKeyring reopened = new LocalKeyring(keyringFile(), DEFAULT_PASSPHRASE);

        assertThat(reopened.currentVersion("a")).isEqualTo(1);
        assertThat(reopened.currentVersion("a.v1")).isEqualTo(2);
    }

    @Test
    void rotatingAnUnknownKekCreatesVersionOne() {
        assertThat(service.rotate(TENANT_A)).isEqualTo(1);
        assertThat(service.currentVersion(TENANT_A)).isEqualTo(1);
    }

    @Test
    void callerMayClearItsPassphraseArray() {
        char[] passphrase = DEFAULT_PASSPHRASE.clone();
        LocalKeyring keyring = new LocalKeyring(keyringFile(), passphrase);
        Arrays.fill(passphrase, '\0');
        byte[] dataKey = newDataKey();

        WrappedKey wrapped = keyring.wrap(TENANT_A, dataKey, DEFAULT_CONTEXT);

        assertThat(new LocalKeyring(keyringFile(), DEFAULT_PASSPHRASE).unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT))
                .isEqualTo(dataKey);
    }

    @Test
    void failedSaveAddsNoVersion() throws Exception {
        // A regular file where the keyring's directory should be: saving cannot succeed.
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "");
        LocalKeyring keyring = new LocalKeyring(blocker.resolve("keyring.p12"), DEFAULT_PASSPHRASE);

        assertThatThrownBy(() -> keyring.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT))
                .isInstanceOf(KeyUnavailableException.class);
        assertThat(keyring.currentVersion(TENANT_A)).isZero();
    }

    @Test
    void rejectsAnEmptyPassphrase() {
        assertThatThrownBy(() -> new LocalKeyring(keyringFile(), new char[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
