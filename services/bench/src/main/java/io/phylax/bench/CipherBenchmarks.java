package io.phylax.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.phylax.keys.LocalKeyring;
import io.phylax.keys.WrappedKey;
import io.phylax.vault.domain.crypto.AeadCipher;
import io.phylax.vault.domain.crypto.AssociatedData;

/**
 * JMH on the vault's real cipher path: sealing and opening a patient-sized body with {@link AeadCipher} under
 * the associated data the vault builds, and wrapping and unwrapping a data key with the local keyring (what a
 * registration, a cached read and an uncached read each add to a request).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CipherBenchmarks {

    private static final String TENANT = "clinic-bench";

    private byte[] dataKey;
    private byte[] body;
    private byte[] eventAad;
    private byte[] sealed;
    private byte[] keyContext;
    private Path keyringDir;
    private LocalKeyring keyring;
    private WrappedKey wrapped;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        UUID subject = UUID.randomUUID();
        dataKey = AeadCipher.newKey();
        body = SyntheticPatients.patient().getBytes(StandardCharsets.UTF_8);
        eventAad = AssociatedData.event(TENANT, subject, subject, 1, "PatientRegistered");
        sealed = AeadCipher.encrypt(dataKey, body, eventAad);
        keyContext = AssociatedData.dataKey(TENANT, subject);
        keyringDir = Files.createTempDirectory("phylax-bench-keyring");
        keyring = new LocalKeyring(keyringDir.resolve("keyring.p12"), "bench-only-passphrase".toCharArray());
        wrapped = keyring.wrap(TENANT, dataKey, keyContext);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try (var files = Files.walk(keyringDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** One body sealed: a registration seals two (the event and the projection). */
    @Benchmark
    public byte[] sealBody() {
        return AeadCipher.encrypt(dataKey, body, eventAad);
    }

    /** One body opened: a read opens the projection. */
    @Benchmark
    public byte[] openBody() {
        return AeadCipher.decrypt(dataKey, sealed, eventAad);
    }

    /** A fresh data key generated and wrapped: once per registration. */
    @Benchmark
    public WrappedKey newWrappedDataKey() {
        return keyring.wrap(TENANT, AeadCipher.newKey(), keyContext);
    }

    /** A data key unwrapped: a read whose key is not in the vault's cache. */
    @Benchmark
    public byte[] unwrapDataKey() {
        return keyring.unwrap(TENANT, wrapped, keyContext);
    }
}
