package io.phylax.vault.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.phylax.vault.application.port.out.StoredEvent;
import io.phylax.vault.application.port.out.StoredState;
import io.phylax.vault.domain.FhirDocument;
import io.phylax.vault.domain.crypto.AeadBodyCipher;
import io.phylax.vault.domain.crypto.AeadCipher;
import io.phylax.vault.domain.crypto.IntegrityException;
import io.phylax.vault.domain.crypto.PlaintextBodyCipher;
import io.phylax.vault.domain.event.PatientRegistered;
import io.phylax.vault.domain.event.VaultEvent;

/** The benchmark's encryption-off Sealer: same framing and sizes as AES-GCM, round trip, no real ciphertext opened. */
class SealerEncryptionOffTest {

    private static final String DEFAULT_TENANT = "clinic-a";
    private static final UUID DEFAULT_SUBJECT = UUID.fromString("00000000-0000-4000-8000-00000000000b");
    private static final Instant DEFAULT_TIME = Instant.parse("2026-11-26T09:00:00Z");
    private static final FhirDocument PATIENT = new FhirDocument(
            "Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"CANARY-PHI-SEALER-Family\"}]}");
    private static final byte[] KEY = AeadCipher.newKey();

    private final Sealer plaintext = new Sealer(new PlaintextBodyCipher());
    private final Sealer aead = new Sealer(new AeadBodyCipher());

    private static PatientRegistered registered() {
        return new PatientRegistered(
                new VaultEvent.Meta(
                        UUID.randomUUID(),
                        DEFAULT_TENANT,
                        DEFAULT_SUBJECT,
                        DEFAULT_SUBJECT,
                        1,
                        DEFAULT_TIME,
                        new VaultEvent.Actor("https://idp.example/realms/phylax", "staff-1", "phylax-cli")),
                PATIENT);
    }

    @Test
    void eventRoundTripsInClearWithTheSameFramingAsAesGcm() {
        PatientRegistered event = registered();

        StoredEvent stored = plaintext.seal(event, KEY);

        byte[] body = PATIENT.json().getBytes(StandardCharsets.UTF_8);
        assertThat(stored.ciphertext()).hasSameSizeAs(aead.seal(event, KEY).ciphertext());
        assertThat(Arrays.copyOfRange(stored.ciphertext(), 0, 12)).containsOnly(0);
        assertThat(Arrays.copyOfRange(stored.ciphertext(), 12, 12 + body.length))
                .isEqualTo(body);
        assertThat(Arrays.copyOfRange(stored.ciphertext(), 12 + body.length, stored.ciphertext().length))
                .hasSize(16)
                .containsOnly(0);
        assertThat(plaintext.open(stored, KEY)).isEqualTo(PATIENT);
    }

    @Test
    void projectionRoundTripsInClear() {
        StoredState state = plaintext.sealState(
                PATIENT, DEFAULT_TENANT, DEFAULT_SUBJECT, DEFAULT_SUBJECT, 1, DEFAULT_TIME, DEFAULT_TIME, KEY);

        assertThat(plaintext.openState(state, KEY)).isEqualTo(PATIENT);
    }

    @Test
    void aRealCiphertextIsNeverHandedOutAsABody() {
        StoredEvent encrypted = aead.seal(registered(), KEY);

        assertThatThrownBy(() -> plaintext.open(encrypted, KEY)).isInstanceOf(IntegrityException.class);
    }

    @Test
    void aClearBodyDoesNotOpenUnderAesGcm() {
        StoredEvent clear = plaintext.seal(registered(), KEY);

        assertThatThrownBy(() -> aead.open(clear, KEY)).isInstanceOf(IntegrityException.class);
    }
}
