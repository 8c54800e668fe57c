package io.phylax.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeyEncryptionService} must do, run against each implementation by a subclass. Other modules
 * can extend it from this module's test-jar.
 */
public abstract class KeyEncryptionContract {

    protected static final String TENANT_A = "tenant-a";
    protected static final String TENANT_B = "tenant-b";
    /** Context as the PHI vault builds it: ids only, synthetic here. */
    protected static final byte[] DEFAULT_CONTEXT = "tenant-a|patient:3f1c9e0a|record:77".getBytes(UTF_8);

    protected static final byte[] OTHER_CONTEXT = "tenant-a|patient:3f1c9e0a|record:78".getBytes(UTF_8);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The service under test, fresh for each test. */
    protected KeyEncryptionService service;

    /**
     * A new service whose KEK namespace is empty: no KEK of any name used here exists yet. Called before each test;
     * a subclass starts whatever the service needs here, and stops it in its own {@code @AfterEach}.
     */
    protected abstract KeyEncryptionService newService();

    @BeforeEach
    void createService() {
        service = newService();
    }

    @AfterEach
    void closeService() throws Exception {
        if (service instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** A random 256-bit data key. */
    protected static byte[] newDataKey() {
        byte[] key = new byte[Preconditions.DATA_KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The same wrapped key with one bit flipped in the wrapped bytes at index (negative counts from the end). */
    protected static WrappedKey flipBit(WrappedKey wrapped, int index) {
        byte[] payload = wrapped.payload();
        int at = index >= 0 ? index : payload.length + index;
        payload[at] ^= 0x01;
        return WrappedKey.format(wrapped.scheme(), wrapped.kekVersion(), payload);
    }

    @Test
    void unwrapsWhatItWrapped() {
        byte[] dataKey = newDataKey();

        WrappedKey wrapped = service.wrap(TENANT_A, dataKey, DEFAULT_CONTEXT);

        assertThat(service.unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT)).isEqualTo(dataKey);
    }

    @Test
    void wrappedKeySurvivesTheStringRoundTrip() {
        byte[] dataKey = newDataKey();
        WrappedKey wrapped = service.wrap(TENANT_A, dataKey, DEFAULT_CONTEXT);

        WrappedKey stored = WrappedKey.parse(wrapped.ciphertext());

        assertThat(stored).isEqualTo(wrapped);
        assertThat(service.unwrap(TENANT_A, stored, DEFAULT_CONTEXT)).isEqualTo(dataKey);
    }

    @Test
    void wrappedKeyDoesNotContainTheDataKey() {
        byte[] dataKey = newDataKey();

        WrappedKey wrapped = service.wrap(TENANT_A, dataKey, DEFAULT_CONTEXT);

        assertThat(wrapped.ciphertext()).doesNotContain(Base64.getEncoder().encodeToString(dataKey));
        assertThat(indexOf(wrapped.payload(), dataKey)).isEqualTo(-1);
    }

    @Test
    void contextIsBoundToTheWrappedKey() {
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);

        assertThatThrownBy(() -> service.unwrap(TENANT_A, wrapped, OTHER_CONTEXT))
                .isInstanceOf(KeyIntegrityException.class);
        assertThatThrownBy(() -> service.unwrap(TENANT_A, wrapped, new byte[0]))
                .isInstanceOf(KeyIntegrityException.class);
    }

    @Test
    void emptyContextIsAContextToo() {
        byte[] dataKey = newDataKey();

        WrappedKey wrapped = service.wrap(TENANT_A, dataKey, new byte[0]);

        assertThat(service.unwrap(TENANT_A, wrapped, new byte[0])).isEqualTo(dataKey);
        assertThatThrownBy(() -> service.unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT))
                .isInstanceOf(KeyIntegrityException.class);
    }

    @Test
    void kekNamesDoNotShareKeys() {
        service.wrap(TENANT_B, newDataKey(), DEFAULT_CONTEXT);
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);

        assertThatThrownBy(() -> service.unwrap(TENANT_B, wrapped, DEFAULT_CONTEXT))
                .isInstanceOf(KeyIntegrityException.class);
    }

    @Test
    void unwrapUnderAKekThatDoesNotExistIsUnavailable() {
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);

        assertThatThrownBy(() -> service.unwrap(TENANT_B, wrapped, DEFAULT_CONTEXT))
                .isInstanceOf(KeyUnavailableException.class);
        assertThat(service.currentVersion(TENANT_B)).isZero();
    }

    @Test
    void wrapCreatesAMissingKekAtVersionOne() {
        assertThat(service.currentVersion(TENANT_A)).isZero();

        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);

        assertThat(wrapped.kekVersion()).isEqualTo(1);
        assertThat(service.currentVersion(TENANT_A)).isEqualTo(1);
    }

    @Test
    void rotationWrapsWithTheNewVersionAndStillUnwrapsOld() {
        byte[] oldKey = newDataKey();
        WrappedKey old = service.wrap(TENANT_A, oldKey, DEFAULT_CONTEXT);

        int rotated = service.rotate(TENANT_A);

        byte[] newKey = newDataKey();
        WrappedKey current = service.wrap(TENANT_A, newKey, DEFAULT_CONTEXT);
        assertThat(rotated).isEqualTo(old.kekVersion() + 1);
        assertThat(service.currentVersion(TENANT_A)).isEqualTo(rotated);
        assertThat(current.kekVersion()).isEqualTo(rotated);
        assertThat(service.unwrap(TENANT_A, old, DEFAULT_CONTEXT)).isEqualTo(oldKey);
        assertThat(service.unwrap(TENANT_A, current, DEFAULT_CONTEXT)).isEqualTo(newKey);
    }

    @Test
    void rotatingOneKekLeavesOthersAlone() {
        service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        service.wrap(TENANT_B, newDataKey(), DEFAULT_CONTEXT);

        service.rotate(TENANT_A);

        assertThat(service.currentVersion(TENANT_A)).isEqualTo(2);
        assertThat(service.currentVersion(TENANT_B)).isEqualTo(1);
    }

    @Test
    void rewrapMovesToTheNewestVersion() {
        byte[] dataKey = newDataKey();
        WrappedKey old = service.wrap(TENANT_A, dataKey, DEFAULT_CONTEXT);
        service.rotate(TENANT_A);
        int newest = service.rotate(TENANT_A);

        WrappedKey rewrapped = service.rewrap(TENANT_A, old, DEFAULT_CONTEXT);

        assertThat(rewrapped.kekVersion()).isEqualTo(newest);
        assertThat(rewrapped.ciphertext()).isNotEqualTo(old.ciphertext());
        assertThat(service.unwrap(TENANT_A, rewrapped, DEFAULT_CONTEXT)).isEqualTo(dataKey);
    }

    @Test
    void rewrapKeepsTheContextBound() {
        WrappedKey old = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        service.rotate(TENANT_A);

        WrappedKey rewrapped = service.rewrap(TENANT_A, old, DEFAULT_CONTEXT);

        assertThatThrownBy(() -> service.unwrap(TENANT_A, rewrapped, OTHER_CONTEXT))
                .isInstanceOf(KeyIntegrityException.class);
    }

    @Test
    void rewrapRefusesTheWrongContext() {
        WrappedKey old = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        service.rotate(TENANT_A);

        assertThatThrownBy(() -> service.rewrap(TENANT_A, old, OTHER_CONTEXT))
                .isInstanceOf(KeyIntegrityException.class);
    }

    @Test
    void flippedByteIsDetected() {
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        int middle = wrapped.payload().length / 2;

        // First byte (nonce), middle (ciphertext), last (tag).
        for (int index : new int[] {0, middle, -1}) {
            WrappedKey tampered = flipBit(wrapped, index);
            assertThatThrownBy(() -> service.unwrap(TENANT_A, tampered, DEFAULT_CONTEXT))
                    .as("bit flipped at %d", index)
                    .isInstanceOf(KeyIntegrityException.class);
        }
    }

    @Test
    void versionThatDoesNotExistIsDetected() {
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        WrappedKey relabelled = WrappedKey.format(wrapped.scheme(), 9, wrapped.payload());

        assertThatThrownBy(() -> service.unwrap(TENANT_A, relabelled, DEFAULT_CONTEXT))
                .isInstanceOf(KeyIntegrityException.class);
    }

    @Test
    void relabelledToAnotherExistingVersionIsDetected() {
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        service.rotate(TENANT_A);
        WrappedKey relabelled = WrappedKey.format(wrapped.scheme(), 2, wrapped.payload());

        assertThatThrownBy(() -> service.unwrap(TENANT_A, relabelled, DEFAULT_CONTEXT))
                .isInstanceOf(KeyIntegrityException.class);
    }

    @Test
    void wrappedKeyOfAnotherProviderIsRejected() {
        service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        WrappedKey foreign = WrappedKey.format("elsewhere", 1, new byte[60]);

        assertThatThrownBy(() -> service.unwrap(TENANT_A, foreign, DEFAULT_CONTEXT))
                .isInstanceOf(KeyIntegrityException.class);
    }

    @Test
    void eachWrapUsesAFreshNonce() {
        byte[] dataKey = newDataKey();

        WrappedKey first = service.wrap(TENANT_A, dataKey, DEFAULT_CONTEXT);
        WrappedKey second = service.wrap(TENANT_A, dataKey, DEFAULT_CONTEXT);

        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        assertThat(service.unwrap(TENANT_A, first, DEFAULT_CONTEXT)).isEqualTo(dataKey);
        assertThat(service.unwrap(TENANT_A, second, DEFAULT_CONTEXT)).isEqualTo(dataKey);
    }

    @Test
    void currentVersionOfAnUnknownKekIsZero() {
        assertThat(service.currentVersion("never-used")).isZero();
    }

    @Test
    void rejectsInvalidKekNames() {
        for (String bad : new String[] {"", "Tenant-A", "../keys", "a/b", "-leading-dash", "a b", "x".repeat(101)}) {
            assertThatThrownBy(() -> service.wrap(bad, newDataKey(), DEFAULT_CONTEXT))
                    .as("kekName %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> service.currentVersion(bad))
                    .as("kekName %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsDataKeysThatAreNot256Bits() {
        assertThatThrownBy(() -> service.wrap(TENANT_A, new byte[16], DEFAULT_CONTEXT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.wrap(TENANT_A, "patient name".getBytes(UTF_8), DEFAULT_CONTEXT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failuresDoNotQuoteKeysOrContext() {
        byte[] dataKey = newDataKey();
        String canary = "CANARY-7d1e-context";
        byte[] context = canary.getBytes(UTF_8);
        WrappedKey wrapped = service.wrap(TENANT_A, dataKey, context);

        Throwable wrongContext = catchThrowable(() -> service.unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT));
        Throwable tampered = catchThrowable(() -> service.unwrap(TENANT_A, flipBit(wrapped, -1), context));
        Throwable otherKek = catchThrowable(() -> service.unwrap(TENANT_B, wrapped, context));

        for (Throwable failure : List.of(wrongContext, tampered, otherKek)) {
            String text = everyMessage(failure);
            assertThat(text)
                    .doesNotContain(canary)
                    .doesNotContain(Base64.getEncoder().encodeToString(context))
                    .doesNotContain(Base64.getEncoder().encodeToString(DEFAULT_CONTEXT))
                    .doesNotContain(Base64.getEncoder().encodeToString(dataKey))
                    .doesNotContain(new String(DEFAULT_CONTEXT, UTF_8));
        }
    }

    @Test
    void concurrentCallersShareOneKek() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                results.add(pool.submit(() -> {
                    byte[] dataKey = newDataKey();
                    WrappedKey wrapped = service.wrap(TENANT_A, dataKey, DEFAULT_CONTEXT);
                    return Arrays.equals(service.unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT), dataKey);
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(service.currentVersion(TENANT_A)).isEqualTo(1);
    }

    private static String everyMessage(Throwable failure) {
        assertThat(failure).as("expected a failure").isNotNull();
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
