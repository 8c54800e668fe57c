package io.phylax.notification.service;

/** Where final delivery outcomes are reported (the outcomes topic). Best effort: it never throws. */
public interface OutcomeSink {

    void publish(DeliveryOutcome outcome);
}
