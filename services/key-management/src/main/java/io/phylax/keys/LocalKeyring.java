package io.phylax.keys;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The embedded KEK store: AES-256 KEKs in a passphrase-protected PKCS#12 file, wrapping data keys with AES-256-GCM.
 *
 * <p>One instance owns its file: it reads the file once, on first use, and rewrites it whole (atomically) when a
 * KEK version is added. Two instances, or two processes, on the same file would overwrite each other's KEKs.
 */
public final class LocalKeyring implements KeyEncryptionService {

    static final String PROVIDER = "local";

    private static final String SCHEME = "local";
    private static final String KEYSTORE_TYPE = "PKCS12";
    private static final String KEY_ALGORITHM = "AES";
    private static final int KEY_BITS = 256;
    private static final String CIPHER = "AES/GCM/NoPadding";
    // Random 96-bit nonces are safe for about 2^32 wraps per KEK version; rotation starts a fresh budget.
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    // Domain separation: ciphertext made with these KEKs for any other purpose never authenticates as a wrapped key.
    private static final byte[] AAD_LABEL = "phylax/key-management/local-wrap/v1".getBytes(US_ASCII);
    private static final Pattern ALIAS = Pattern.compile("(.+)\\.v([1-9][0-9]{0,8})");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final char[] passphrase;
    // Every entry is protected by the keyring passphrase too: one secret to provision, not one per KEK.
    private final KeyStore.PasswordProtection protection;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();

    // Guarded by lock. The keystore is null until first use; unlocked caches keys because each PKCS#12 getKey
    // runs the passphrase KDF.
    private KeyStore store;
    private final Map<String, Integer> latest = new HashMap<>();
    private final Map<String, SecretKey> unlocked = new HashMap<>();

    /**
     * Opens (or, on the first KEK, creates) the keyring at file. Nothing is read until first use.
     *
     * @param passphrase protects the file and every entry; copied, so the caller may clear its array
     */
    public LocalKeyring(Path file, char[] passphrase) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        Objects.requireNonNull(passphrase, "passphrase");
        if (passphrase.length == 0) {
            throw new IllegalArgumentException("passphrase must not be empty");
        }
        this.passphrase = passphrase.clone();
        this.protection = new KeyStore.PasswordProtection(this.passphrase);
    }

    @Override
    public WrappedKey wrap(String kekName, byte[] dataKey, byte[] context) {
        Preconditions.requireKekName(kekName);
        Preconditions.requireDataKey(dataKey);
        Preconditions.requireContext(context);
        int version;
        SecretKey kek;
        synchronized (lock) {
            loadIfNeeded();
            version = latest.getOrDefault(kekName, 0);
            if (version == 0) {
                version = addVersion(kekName);
            }
            kek = unlock(kekName, version);
        }
        return seal(kekName, version, kek, dataKey, context);
    }

    @Override
    public byte[] unwrap(String kekName, WrappedKey wrapped, byte[] context) {
        Preconditions.requireKekName(kekName);
        Preconditions.requireWrapped(wrapped);
        Preconditions.requireContext(context);
        if (!SCHEME.equals(wrapped.scheme())) {
            throw new KeyIntegrityException("wrapped key was not made by a local keyring");
        }
        SecretKey kek;
        synchronized (lock) {
            loadIfNeeded();
            int newest = latest.getOrDefault(kekName, 0);
            // No KEK at all means a lost or wrong keyring file, not a forged wrapped key.
            if (newest == 0) {
                throw new KeyUnavailableException("keyring " + file + " has no KEK named " + kekName);
            }
            if (wrapped.kekVersion() > newest) {
                throw new KeyIntegrityException(
                        "wrapped key names a version of KEK " + kekName + " that does not exist");
            }
            kek = unlock(kekName, wrapped.kekVersion());
        }
        return open(kekName, kek, wrapped, context);
    }

    @Override
    public int rotate(String kekName) {
        Preconditions.requireKekName(kekName);
        synchronized (lock) {
            loadIfNeeded();
            return addVersion(kekName);
        }
    }

    @Override
    public int currentVersion(String kekName) {
        Preconditions.requireKekName(kekName);
        synchronized (lock) {
            loadIfNeeded();
            return latest.getOrDefault(kekName, 0);
        }
    }

    @Override
    public WrappedKey rewrap(String kekName, WrappedKey wrapped, byte[] context) {
        byte[] dataKey = unwrap(kekName, wrapped, context);
        try {
            return wrap(kekName, dataKey, context);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    /** Where the keyring lives. */
    public Path file() {
        return file;
    }

    private void loadIfNeeded() {
        if (store != null) {
            return;
        }
        try {
            KeyStore loaded = KeyStore.getInstance(KEYSTORE_TYPE);
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    loaded.load(in, passphrase);
                }
            } else {
                loaded.load(null, passphrase);
            }
            Map<String, Integer> versions = new HashMap<>();
            for (String alias : Collections.list(loaded.aliases())) {
                Matcher m = ALIAS.matcher(alias);
                if (m.matches()) {
                    versions.merge(m.group(1), Integer.parseInt(m.group(2)), Math::max);
                }
            }
            store = loaded;
            latest.putAll(versions);
        } catch (IOException e) {
            // PKCS#12 reports a wrong passphrase as an IOException (the MAC does not verify), like a damaged file.
            throw new KeyUnavailableException(
                    "cannot open keyring " + file + ": wrong passphrase or unreadable file", e);
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("cannot open keyring " + file, e);
        }
    }

    /** Generates the next KEK version and saves the file; on failure the keyring is left as it was. Holds lock. */
    private int addVersion(String kekName) {
        int version = latest.getOrDefault(kekName, 0) + 1;
        String alias = alias(kekName, version);
        SecretKey kek = generateKek();
        try {
            store.setEntry(alias, new KeyStore.SecretKeyEntry(kek), protection);
            save();
        } catch (IOException | GeneralSecurityException e) {
            try {
                store.deleteEntry(alias);
            } catch (GeneralSecurityException ignored) {
                // The entry was never added; nothing to undo.
            }
            throw new KeyUnavailableException("cannot save keyring " + file, e);
        }
        latest.put(kekName, version);
        unlocked.put(alias, kek);
        return version;
    }

    private SecretKey generateKek() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance(KEY_ALGORITHM);
            generator.init(KEY_BITS, random);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate AES-256 keys", e);
        }
    }

    /** Holds lock. */
    private SecretKey unlock(String kekName, int version) {
        String alias = alias(kekName, version);
        SecretKey cached = unlocked.get(alias);
        if (cached != null) {
            return cached;
        }
        try {
            if (store.getEntry(alias, protection) instanceof KeyStore.SecretKeyEntry entry
                    && KEY_ALGORITHM.equalsIgnoreCase(entry.getSecretKey().getAlgorithm())) {
                unlocked.put(alias, entry.getSecretKey());
                return entry.getSecretKey();
            }
            // Versions below the newest are never deleted, so a gap means the file was edited or damaged.
            throw new KeyUnavailableException("keyring " + file + " has no AES entry " + alias);
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("cannot unlock keyring entry " + alias, e);
        }
    }

    private WrappedKey seal(String kekName, int version, SecretKey kek, byte[] dataKey, byte[] context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(kekName, context));
            byte[] sealed = cipher.doFinal(dataKey);
            byte[] payload = ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return WrappedKey.format(SCHEME, version, payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM wrap failed", e);
        }
    }

    private byte[] open(String kekName, SecretKey kek, WrappedKey wrapped, byte[] context) {
        byte[] payload;
        try {
            payload = wrapped.payload();
        } catch (IllegalArgumentException e) {
            throw new KeyIntegrityException("wrapped key is not valid base64");
        }
        if (payload.length <= NONCE_BYTES + TAG_BITS / 8) {
            throw new KeyIntegrityException("wrapped key is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
            cipher.updateAAD(aad(kekName, context));
            return cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new KeyIntegrityException("wrapped key or context does not authenticate under KEK " + kekName);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unwrap failed", e);
        }
    }

    /** label, 0, kekName, 0, context: unambiguous because kekName never contains a zero byte. */
    private static byte[] aad(String kekName, byte[] context) {
        byte[] name = kekName.getBytes(US_ASCII);
        return ByteBuffer.allocate(AAD_LABEL.length + 1 + name.length + 1 + context.length)
                .put(AAD_LABEL)
                .put((byte) 0)
                .put(name)
                .put((byte) 0)
                .put(context)
                .array();
    }

    private static String alias(String kekName, int version) {
        return kekName + ".v" + version;
    }

    /** Temp file beside the target, fsync, atomic rename, then fsync the directory so the rename survives a crash. */
    private void save() throws IOException, GeneralSecurityException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        String prefix = "." + file.getFileName() + ".";
        // Created 600 from the start, so the keys are never readable by others, not even briefly.
        Path tmp = posix
                ? Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, prefix, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                store.store(out, passphrase);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException ignored) {
            // Some platforms cannot open a directory; the rename is still atomic, only its durability is weaker.
        }
    }
}
