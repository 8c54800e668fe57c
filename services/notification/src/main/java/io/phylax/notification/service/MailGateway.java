package io.phylax.notification.service;

import io.phylax.notification.domain.DeliveryFailure;
import io.phylax.notification.domain.Notice;

/** The SMTP relay. */
public interface MailGateway {

    /**
     * Sends {@code notice} to {@code address} with the given Message-ID, returning once the relay accepted it.
     *
     * @throws DeliveryFailure when the relay did not accept it; its kind says whether trying again may help
     */
    void send(String address, Notice notice, String messageId);
}
