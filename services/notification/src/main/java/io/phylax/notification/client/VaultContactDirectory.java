package io.phylax.notification.client;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JacksonException;

import io.phylax.contract.ReferenceEvent;
import io.phylax.notification.domain.ChannelKind;
import io.phylax.notification.domain.Contact;
import io.phylax.notification.domain.DeliveryFailure;
import io.phylax.notification.domain.ErrorKind;
import io.phylax.notification.service.ContactDirectory;
import io.quarkus.oidc.client.OidcClientException;
import io.vertx.core.VertxException;

/**
 * Looks the contact channel up at the vault and turns every way that can fail into an {@link ErrorKind}. No
 * exception from here carries a message or cause: the REST client's could quote the response body.
 */
@ApplicationScoped
public class VaultContactDirectory implements ContactDirectory {

    private final VaultContactApi vault;

    public VaultContactDirectory(@RestClient VaultContactApi vault) {
        this.vault = vault;
    }

    @Override
    public Contact contactOf(ReferenceEvent event) {
        VaultContactApi.ContactResponse response;
        try {
            response = vault.contactOf(event.subjectId(), event.tenant(), event.correlationId());
        } catch (WebApplicationException e) {
            throw new DeliveryFailure(kindOf(e.getResponse().getStatus()));
        } catch (RuntimeException e) {
            throw new DeliveryFailure(kindOf(e));
        }
        if (response == null || response.channel() == null) {
            throw new DeliveryFailure(ErrorKind.VAULT_BAD_RESPONSE);
        }
        ChannelKind kind = ChannelKind.fromVault(response.channel());
        return kind == ChannelKind.EMAIL ? new Contact(kind, response.address()) : new Contact(kind, null);
    }

    /** The kind for an HTTP status the vault answered with. */
    static ErrorKind kindOf(int status) {
        if (status == 404) {
            return ErrorKind.SUBJECT_NOT_FOUND;
        } else if (status == 401 || status == 403) {
            // Usually a token or certificate that is being rotated; the retry budget bounds a lasting one.
            return ErrorKind.VAULT_REFUSED;
        } else if (status == 408 || status == 429 || status >= 500) {
            return ErrorKind.VAULT_UNAVAILABLE;
        }
        return ErrorKind.VAULT_BAD_RESPONSE;
    }

    private static ErrorKind kindOf(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OidcClientException) {
                return ErrorKind.TOKEN_UNAVAILABLE;
            }
            // Before IOException: Jackson's exceptions are IOExceptions, but a body we cannot read stays unreadable.
            if (t instanceof JacksonException) {
                return ErrorKind.VAULT_BAD_RESPONSE;
            }
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof VertxException) {
                return ErrorKind.VAULT_UNAVAILABLE;
            }
        }
        // Anything else from the client's transport is most likely the network; the retry budget bounds it.
        return e instanceof ProcessingException ? ErrorKind.VAULT_UNAVAILABLE : ErrorKind.VAULT_BAD_RESPONSE;
    }
}
