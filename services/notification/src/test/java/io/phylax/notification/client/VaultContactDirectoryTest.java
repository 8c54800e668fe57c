package io.phylax.notification.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.api.Test;

import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEvents;
import io.phylax.notification.domain.ChannelKind;
import io.phylax.notification.domain.Contact;
import io.phylax.notification.domain.DeliveryFailure;
import io.phylax.notification.domain.ErrorKind;

class VaultContactDirectoryTest {

    private static final ReferenceEvent EVENT =
            ReferenceEvents.aRecordAdded().withRecordType("Communication").build();

    @Test
    void emailAnswerCarriesTheAddress() {
        Contact contact = directory(() -> new VaultContactApi.ContactResponse("email", "CANARY-PHI-77@example.org"))
                .contactOf(EVENT);

        assertThat(contact.kind()).isEqualTo(ChannelKind.EMAIL);
        assertThat(contact.address()).isEqualTo("CANARY-PHI-77@example.org");
    }

    @Test
    void noneAndUnknownChannelsCarryNoAddress() {
        assertThat(directory(() -> new VaultContactApi.ContactResponse("none", null))
                        .contactOf(EVENT))
                .isEqualTo(Contact.none());
        assertThat(directory(() -> new VaultContactApi.ContactResponse("sms", "+10000000000"))
                        .contactOf(EVENT))
                .isEqualTo(new Contact(ChannelKind.UNSUPPORTED, null));
    }

    @Test
    void emailWithoutAddressIsABadResponse() {
        assertFailsWith(() -> new VaultContactApi.ContactResponse("email", null), ErrorKind.VAULT_BAD_RESPONSE);
        assertFailsWith(() -> new VaultContactApi.ContactResponse(null, null), ErrorKind.VAULT_BAD_RESPONSE);
    }

    @Test
    void statusesMapToKinds() {
        assertFailsWith(() -> throwStatus(404), ErrorKind.SUBJECT_NOT_FOUND);
        assertFailsWith(() -> throwStatus(401), ErrorKind.VAULT_REFUSED);
        assertFailsWith(() -> throwStatus(403), ErrorKind.VAULT_REFUSED);
        assertFailsWith(() -> throwStatus(503), ErrorKind.VAULT_UNAVAILABLE);
        assertFailsWith(() -> throwStatus(429), ErrorKind.VAULT_UNAVAILABLE);
        assertFailsWith(() -> throwStatus(400), ErrorKind.VAULT_BAD_RESPONSE);
        assertThat(ErrorKind.SUBJECT_NOT_FOUND.isTransient()).isFalse();
        assertThat(ErrorKind.VAULT_REFUSED.isTransient()).isTrue();
    }

    @Test
    void unreachableVaultIsTransient() {
        assertFailsWith(
                () -> {
                    throw new ProcessingException(new ConnectException("Connection refused"));
                },
                ErrorKind.VAULT_UNAVAILABLE);
    }

    @Test
    void failureCarriesNeitherMessageNorCause() {
        assertThatThrownBy(() -> directory(() -> {
                            throw new WebApplicationException("body: CANARY-PHI-77@example.org", 500);
                        })
                        .contactOf(EVENT))
                .isInstanceOf(DeliveryFailure.class)
                .hasNoCause()
                .hasMessage("VAULT_UNAVAILABLE");
    }

    private static VaultContactApi.ContactResponse throwStatus(int status) {
        throw new WebApplicationException(status);
    }

    private static void assertFailsWith(Supplier<VaultContactApi.ContactResponse> answer, ErrorKind kind) {
        assertThatThrownBy(() -> directory(answer).contactOf(EVENT))
                .isInstanceOf(DeliveryFailure.class)
                .extracting(e -> ((DeliveryFailure) e).kind())
                .isEqualTo(kind);
    }

    private static VaultContactDirectory directory(Supplier<VaultContactApi.ContactResponse> answer) {
        return new VaultContactDirectory(new VaultContactApi() {
            @Override
            public ContactResponse contactOf(UUID subjectId, String tenant, String correlationId) {
                assertThat(subjectId).isEqualTo(EVENT.subjectId());
                assertThat(tenant).isEqualTo(EVENT.tenant());
                assertThat(correlationId).isEqualTo(EVENT.correlationId());
                return answer.get();
            }
        });
    }
}
