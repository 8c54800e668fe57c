package io.phylax.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract against Vault Transit as {@link TransitStandIn} serves it, plus the ways a key service fails. */
class VaultTransitStandInTest extends KeyEncryptionContract {

    private static final String PREFIX = "phylax-";

    private TransitStandIn standIn;

    @Override
    protected KeyEncryptionService newService() {
        standIn = TransitStandIn.start();
        return new VaultTransitKeyService(standIn.settings(PREFIX, true));
    }

    @AfterEach
    void stopStandIn() {
        standIn.close();
    }

    private VaultTransitKeyService serviceWith(VaultTransitSettings settings) {
        return new VaultTransitKeyService(settings);
    }

    @Test
    void providerIsVaultTransit() {
        assertThat(service.provider()).isEqualTo("vault-transit");
    }

    @Test
    void kekLivesInTransitUnderThePrefix() {
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);

        assertThat(wrapped.ciphertext()).startsWith("vault:v1:");
        assertThat(standIn.hasKey(PREFIX + TENANT_A)).isTrue();
        assertThat(standIn.hasKey(TENANT_A)).isFalse();
    }

    @Test
    void servesAnyMount() {
        try (TransitStandIn kms = TransitStandIn.start("kms/phylax");
                VaultTransitKeyService client = serviceWith(new VaultTransitSettings(
                        kms.address(), kms.token(), "/kms/phylax/", PREFIX, true, Duration.ofSeconds(2)))) {
            byte[] dataKey = newDataKey();

            WrappedKey wrapped = client.wrap(TENANT_A, dataKey, DEFAULT_CONTEXT);

            assertThat(client.unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT)).isEqualTo(dataKey);
            assertThat(kms.requestCount("encrypt", PREFIX + TENANT_A)).isEqualTo(1);
        }
    }

    @Test
    void wrongTokenIsUnavailable() {
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        String wrongToken = "s.not-the-token";

        try (VaultTransitKeyService intruder = serviceWith(new VaultTransitSettings(
                standIn.address(), wrongToken, standIn.mount(), PREFIX, true, Duration.ofSeconds(2)))) {
            assertThatThrownBy(() -> intruder.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT))
                    .isInstanceOf(KeyUnavailableException.class)
                    .hasMessageContaining("403")
                    .hasMessageNotContaining(wrongToken);
            assertThatThrownBy(() -> intruder.unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT))
                    .isInstanceOf(KeyUnavailableException.class);
            assertThatThrownBy(() -> intruder.rotate(TENANT_A)).isInstanceOf(KeyUnavailableException.class);
        }
        assertThat(service.currentVersion(TENANT_A)).isEqualTo(1);
    }

    @Test
    void serverDownIsUnavailable() {
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);

        standIn.close();

        assertThatThrownBy(() -> service.unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("could not reach");
        assertThatThrownBy(() -> service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT))
                .isInstanceOf(KeyUnavailableException.class);
        assertThatThrownBy(() -> service.currentVersion(TENANT_A)).isInstanceOf(KeyUnavailableException.class);
    }

    @Test
    void sealedServerIsUnavailableNotTampering() {
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);

        standIn.answerWith(503);

        assertThatThrownBy(() -> service.unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("503");
        assertThatThrownBy(() -> service.rewrap(TENANT_A, wrapped, DEFAULT_CONTEXT))
                .isInstanceOf(KeyUnavailableException.class);
        assertThatThrownBy(() -> service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT))
                .isInstanceOf(KeyUnavailableException.class);
        assertThatThrownBy(() -> service.currentVersion(TENANT_A)).isInstanceOf(KeyUnavailableException.class);
    }

    @Test
    void recoversWhenTheServerComesBack() {
        byte[] dataKey = newDataKey();
        WrappedKey wrapped = service.wrap(TENANT_A, dataKey, DEFAULT_CONTEXT);
        standIn.answerWith(503);
        assertThatThrownBy(() -> service.unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT))
                .isInstanceOf(KeyUnavailableException.class);

        standIn.answerNormally();

        assertThat(service.unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT)).isEqualTo(dataKey);
    }

    @Test
    void slowServerIsUnavailable() {
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        standIn.delayAnswers(Duration.ofSeconds(30));

        try (VaultTransitKeyService impatient = serviceWith(new VaultTransitSettings(
                standIn.address(), standIn.token(), standIn.mount(), PREFIX, true, Duration.ofMillis(300)))) {
            assertThatThrownBy(() -> impatient.unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT))
                    .isInstanceOf(KeyUnavailableException.class);
        }
    }

    @Test
    void failedCallsAreRetriedOnceExceptRotate() {
        service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        standIn.answerWith(503);

        assertThatThrownBy(() -> service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT))
                .isInstanceOf(KeyUnavailableException.class);
        assertThatThrownBy(() -> service.rotate(TENANT_A)).isInstanceOf(KeyUnavailableException.class);

        // The first wrap sent one encrypt; the failed one two (a single retry). A rotate is never repeated.
        assertThat(standIn.requestCount("encrypt", PREFIX + TENANT_A)).isEqualTo(3);
        assertThat(standIn.requestCount("keys", PREFIX + TENANT_A + "/rotate")).isEqualTo(1);
    }

    @Test
    void unknownKeyWithCreationDisabledIsUnavailable() {
        try (VaultTransitKeyService strict = serviceWith(standIn.settings(PREFIX, false))) {
            assertThatThrownBy(() -> strict.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT))
                    .isInstanceOf(KeyUnavailableException.class)
                    .hasMessageContaining(PREFIX + TENANT_A);
            assertThatThrownBy(() -> strict.rotate(TENANT_A)).isInstanceOf(KeyUnavailableException.class);
        }
        // The stand-in creates keys on encrypt, as Vault does: the client must not have asked it to.
        assertThat(standIn.hasKey(PREFIX + TENANT_A)).isFalse();
    }

    @Test
    void existingKeyWorksWithCreationDisabled() {
        standIn.createKey(PREFIX + TENANT_A);

        try (VaultTransitKeyService strict = serviceWith(standIn.settings(PREFIX, false))) {
            byte[] dataKey = newDataKey();
            WrappedKey wrapped = strict.wrap(TENANT_A, dataKey, DEFAULT_CONTEXT);

            assertThat(strict.unwrap(TENANT_A, wrapped, DEFAULT_CONTEXT)).isEqualTo(dataKey);
            assertThat(strict.rotate(TENANT_A)).isEqualTo(2);
        }
    }

    @Test
    void rotatingAnUnknownKekCreatesVersionOne() {
        assertThat(service.rotate(TENANT_A)).isEqualTo(1);
        assertThat(service.currentVersion(TENANT_A)).isEqualTo(1);
    }

    @Test
    void keyExistenceIsCheckedOncePerKey() {
        for (int i = 0; i < 3; i++) {
            service.unwrap(TENANT_A, service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT), DEFAULT_CONTEXT);
        }

        assertThat(standIn.requests())
                .filteredOn(r -> r.equals("GET /v1/transit/keys/" + PREFIX + TENANT_A))
                .hasSize(1);
    }

    @Test
    void rewrapStaysInsideTransitWhenTheServerBindsContext() {
        WrappedKey old = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        service.rotate(TENANT_A);

        service.rewrap(TENANT_A, old, DEFAULT_CONTEXT);

        assertThat(standIn.requestCount("rewrap", PREFIX + TENANT_A)).isEqualTo(1);
        assertThat(standIn.requestCount("decrypt", PREFIX + TENANT_A)).isZero();
    }

    @Test
    void rewrapFallsBackWhenTheServerIgnoresAssociatedData() {
        standIn.rewrapIgnoresAssociatedData(true);
        byte[] dataKey = newDataKey();
        WrappedKey first = service.wrap(TENANT_A, dataKey, DEFAULT_CONTEXT);
        WrappedKey second = service.wrap(TENANT_A, dataKey, DEFAULT_CONTEXT);
        int newest = service.rotate(TENANT_A);

        WrappedKey rewrappedFirst = service.rewrap(TENANT_A, first, DEFAULT_CONTEXT);
        WrappedKey rewrappedSecond = service.rewrap(TENANT_A, second, DEFAULT_CONTEXT);

        assertThat(rewrappedFirst.kekVersion()).isEqualTo(newest);
        assertThat(service.unwrap(TENANT_A, rewrappedFirst, DEFAULT_CONTEXT)).isEqualTo(dataKey);
        assertThat(service.unwrap(TENANT_A, rewrappedSecond, DEFAULT_CONTEXT)).isEqualTo(dataKey);
        assertThatThrownBy(() -> service.unwrap(TENANT_A, rewrappedFirst, OTHER_CONTEXT))
                .isInstanceOf(KeyIntegrityException.class);
        // Transit rewrap was tried once; once the server showed it drops the context, it is not tried again.
        assertThat(standIn.requestCount("rewrap", PREFIX + TENANT_A)).isEqualTo(1);
    }

    @Test
    void rewrapFallbackStillDetectsTampering() {
        standIn.rewrapIgnoresAssociatedData(true);
        WrappedKey wrapped = service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT);
        service.rotate(TENANT_A);

        assertThatThrownBy(() -> service.rewrap(TENANT_A, flipBit(wrapped, -1), DEFAULT_CONTEXT))
                .isInstanceOf(KeyIntegrityException.class);
        assertThatThrownBy(() -> service.rewrap(TENANT_A, wrapped, OTHER_CONTEXT))
                .isInstanceOf(KeyIntegrityException.class);
    }

    @Test
    void keyOfAnotherTypeIsUnavailable() {
        standIn.createKey(PREFIX + TENANT_A, "rsa-2048");

        assertThatThrownBy(() -> service.wrap(TENANT_A, newDataKey(), DEFAULT_CONTEXT))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessageContaining("rsa-2048");
    }
}
