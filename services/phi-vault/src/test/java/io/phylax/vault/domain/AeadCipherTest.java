package io.phylax.vault.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.phylax.vault.domain.crypto.AeadCipher;
import io.phylax.vault.domain.crypto.AssociatedData;
import io.phylax.vault.domain.crypto.IntegrityException;

class AeadCipherTest {

    private static final UUID SUBJECT = UUID.randomUUID();
    private static final byte[] KEY = AeadCipher.newKey();
    private static final byte[] BODY = "{\"resourceType\":\"Patient\"}".getBytes(StandardCharsets.UTF_8);

    private static byte[] aad(String tenant, long version) {
        return AssociatedData.event(tenant, SUBJECT, SUBJECT, version, "PatientRegistered");
    }

    @Test
    void opensWhatItSealed() {
        byte[] sealed = AeadCipher.encrypt(KEY, BODY, aad("clinic-a", 1));

        assertThat(AeadCipher.decrypt(KEY, sealed, aad("clinic-a", 1))).isEqualTo(BODY);
    }

    @Test
    void aCiphertextMovedToAnotherVersionFails() {
        byte[] sealed = AeadCipher.encrypt(KEY, BODY, aad("clinic-a", 1));

        assertThatThrownBy(() -> AeadCipher.decrypt(KEY, sealed, aad("clinic-a", 2)))
                .isInstanceOf(IntegrityException.class);
    }

    @Test
    void aCiphertextMovedToAnotherTenantFails() {
        byte[] sealed = AeadCipher.encrypt(KEY, BODY, aad("clinic-a", 1));

        assertThatThrownBy(() -> AeadCipher.decrypt(KEY, sealed, aad("clinic-b", 1)))
                .isInstanceOf(IntegrityException.class);
    }

    @Test
    void aFlippedByteIsDetected() {
        byte[] sealed = AeadCipher.encrypt(KEY, BODY, aad("clinic-a", 1));
        sealed[sealed.length / 2] ^= 0x01;

        assertThatThrownBy(() -> AeadCipher.decrypt(KEY, sealed, aad("clinic-a", 1)))
                .isInstanceOf(IntegrityException.class);
    }

    @Test
    void anotherKeyCannotOpen() {
        byte[] sealed = AeadCipher.encrypt(KEY, BODY, aad("clinic-a", 1));

        assertThatThrownBy(() -> AeadCipher.decrypt(AeadCipher.newKey(), sealed, aad("clinic-a", 1)))
                .isInstanceOf(IntegrityException.class);
    }

    @Test
    void sameBodyNeverSealsTheSameWay() {
        assertThat(AeadCipher.encrypt(KEY, BODY, aad("clinic-a", 1)))
                .isNotEqualTo(AeadCipher.encrypt(KEY, BODY, aad("clinic-a", 1)));
    }

    @Test
    void aFailedOpenLeavesTheThreadsCipherUsable() {
        byte[] first = AeadCipher.encrypt(KEY, BODY, aad("clinic-a", 1));
        byte[] tampered = first.clone();
        tampered[tampered.length - 1] ^= 0x01;
        assertThatThrownBy(() -> AeadCipher.decrypt(KEY, tampered, aad("clinic-a", 1)))
                .isInstanceOf(IntegrityException.class);

        byte[] other = AeadCipher.newKey();
        byte[] second = AeadCipher.encrypt(other, BODY, aad("clinic-b", 2));

        assertThat(AeadCipher.decrypt(KEY, first, aad("clinic-a", 1))).isEqualTo(BODY);
        assertThat(AeadCipher.decrypt(other, second, aad("clinic-b", 2))).isEqualTo(BODY);
        assertThatThrownBy(() -> AeadCipher.decrypt(KEY, second, aad("clinic-b", 2)))
                .isInstanceOf(IntegrityException.class);
    }
}
