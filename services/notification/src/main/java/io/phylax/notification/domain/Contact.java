package io.phylax.notification.domain;

import java.util.Objects;

/**
 * The vault's answer for one subject: the channel kind and, for e-mail, the address. It lives only for the one
 * send it is fetched for; {@link #toString()} leaves the address out so that no log line or exception can
 * carry it by accident.
 */
public record Contact(ChannelKind kind, String address) {

    public Contact {
        Objects.requireNonNull(kind, "kind");
        if (kind == ChannelKind.EMAIL && (address == null || address.isBlank())) {
            throw new DeliveryFailure(ErrorKind.VAULT_BAD_RESPONSE);
        }
    }

    public static Contact none() {
        return new Contact(ChannelKind.NONE, null);
    }

    @Override
    public String toString() {
        return "Contact[" + kind.code() + "]";
    }
}
