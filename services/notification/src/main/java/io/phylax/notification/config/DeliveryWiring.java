package io.phylax.notification.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.phylax.notification.domain.RetryPolicy;
import io.phylax.notification.service.ContactDirectory;
import io.phylax.notification.service.DeliveryService;
import io.phylax.notification.service.DeliverySettings;
import io.phylax.notification.service.DeliveryStore;
import io.phylax.notification.service.MailGateway;
import io.phylax.notification.service.OutcomeSink;
import io.phylax.notification.service.Pause;

/** Builds the framework-free {@link DeliveryService} from its adapters and the typed configuration. */
public class DeliveryWiring {

    @Produces
    @Singleton
    DeliverySettings deliverySettings(NotificationConfig config) {
        NotificationConfig.Delivery delivery = config.delivery();
        return new DeliverySettings(
                new RetryPolicy(delivery.maxAttempts(), delivery.initialBackoff(), delivery.maxBackoff()),
                delivery.lease(),
                delivery.heldPoll(),
                config.messageIdDomain());
    }

    @Produces
    @Singleton
    DeliveryService deliveryService(
            DeliveryStore store,
            ContactDirectory contacts,
            MailGateway mail,
            OutcomeSink outcomes,
            DeliverySettings settings,
            MeterRegistry meters) {
        return new DeliveryService(store, contacts, mail, outcomes, settings, Pause.sleeping(), meters);
    }
}
