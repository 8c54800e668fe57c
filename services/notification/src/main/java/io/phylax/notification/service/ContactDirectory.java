package io.phylax.notification.service;

import io.phylax.contract.ReferenceEvent;
import io.phylax.notification.domain.Contact;
import io.phylax.notification.domain.DeliveryFailure;

/** Where the contact channel of an event's subject comes from: the vault's narrow contact endpoint. */
public interface ContactDirectory {

    /**
     * The channel to notify the subject of {@code event} on, looked up in the event's tenant.
     *
     * @throws DeliveryFailure when the lookup failed; its kind says whether trying again may help
     */
    Contact contactOf(ReferenceEvent event);
}
