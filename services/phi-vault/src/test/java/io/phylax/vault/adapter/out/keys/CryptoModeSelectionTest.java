package io.phylax.vault.adapter.out.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.phylax.vault.application.port.out.WrapKeyPort;
import io.phylax.vault.application.port.out.WrappedDataKey;
import io.phylax.vault.application.port.out.WrappedIndexKey;
import io.phylax.vault.config.CryptoMode;
import io.phylax.vault.domain.crypto.AeadBodyCipher;
import io.phylax.vault.domain.crypto.AeadCipher;
import io.phylax.vault.domain.crypto.IntegrityException;
import io.phylax.vault.domain.crypto.PlaintextBodyCipher;

/** The start-up choice between production crypto and the benchmark's encryption-off mode, and its guard. */
class CryptoModeSelectionTest {

    private static final String DEFAULT_TENANT = "clinic-a";
    private static final UUID DEFAULT_SUBJECT = UUID.fromString("00000000-0000-4000-8000-00000000000c");
    private static final List<String> BENCH = List.of("prod", "bench");

    private final CountingKeyService keyService = new CountingKeyService();

    @Test
    void encryptionOffIsRefusedOutsideTheBenchProfile() {
        for (List<String> profiles :
                List.of(List.of("prod"), List.of("dev"), List.of("test"), List.of("prod", "benchmark"))) {
            assertThatThrownBy(() -> new CryptoModeSelection(CryptoMode.NONE, profiles))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("phylax.vault.crypto.mode=none")
                    .hasMessageContaining("refusing to start");
        }
    }

    @Test
    void productionModeKeepsAesGcmAndTheKeyServiceInEveryProfile() {
        for (List<String> profiles : List.of(List.of("prod"), BENCH)) {
            CryptoModeSelection selection = new CryptoModeSelection(CryptoMode.AES_GCM, profiles);

            assertThat(selection.bodyCipher()).isInstanceOf(AeadBodyCipher.class);
            assertThat(selection.dataKeyWrapping(keyService)).isSameAs(keyService);
        }
    }

    @Test
    void encryptionOffInTheBenchProfileStoresBodiesInClearAndSkipsTheKeyService() {
        CryptoModeSelection selection = new CryptoModeSelection(CryptoMode.NONE, BENCH);
        WrapKeyPort dataKeys = selection.dataKeyWrapping(keyService);
        byte[] key = AeadCipher.newKey();

        WrappedDataKey wrapped = dataKeys.wrap(DEFAULT_TENANT, DEFAULT_SUBJECT, key);

        assertThat(selection.bodyCipher()).isInstanceOf(PlaintextBodyCipher.class);
        assertThat(wrapped.provider()).isEqualTo(PlaintextDataKeyWrapping.PROVIDER);
        assertThat(wrapped.wrapped()).startsWith("none:v1:");
        assertThat(dataKeys.unwrap(wrapped)).isEqualTo(key);
        assertThat(keyService.calls).hasValue(0);
    }

    @Test
    void encryptionOffNeverUnwrapsAKeyTheKeyServiceWrapped() {
        WrapKeyPort dataKeys = new CryptoModeSelection(CryptoMode.NONE, BENCH).dataKeyWrapping(keyService);
        WrappedDataKey real = new WrappedDataKey(
                DEFAULT_SUBJECT,
                DEFAULT_TENANT,
                "local",
                1,
                "local:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        assertThatThrownBy(() -> dataKeys.unwrap(real)).isInstanceOf(IntegrityException.class);
        assertThat(keyService.calls).hasValue(0);
    }

    /** A key service that only counts calls: the encryption-off mode must not make any for data keys. */
    private static final class CountingKeyService implements WrapKeyPort {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public WrappedDataKey wrap(String tenant, UUID subjectId, byte[] dataKey) {
            calls.incrementAndGet();
            throw new UnsupportedOperationException("not in this test");
        }

        @Override
        public byte[] unwrap(WrappedDataKey wrapped) {
            calls.incrementAndGet();
            throw new UnsupportedOperationException("not in this test");
        }

        @Override
        public WrappedIndexKey wrapIndexKey(String tenant, byte[] indexKey) {
            calls.incrementAndGet();
            throw new UnsupportedOperationException("not in this test");
        }

        @Override
        public byte[] unwrapIndexKey(WrappedIndexKey wrapped) {
            calls.incrementAndGet();
            throw new UnsupportedOperationException("not in this test");
        }
    }
}
