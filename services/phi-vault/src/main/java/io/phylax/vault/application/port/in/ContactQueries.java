package io.phylax.vault.application.port.in;

import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * The narrow internal read the notification service is allowed: one subject's preferred contact channel,
 * and nothing else of the record.
 */
public interface ContactQueries {

    /**
     * @param context the calling service (its token and certificate already matched) and the tenant the
     *                event it is acting on belongs to
     */
    record FetchContactQuery(RequestContext context, UUID subjectId) {}

    /** A channel to reach the patient on, or none (no usable address, or the patient opted out). */
    record Contact(String channel, String address) {

        public static Contact none() {
            return new Contact("none", null);
        }

        @Override
        public String toString() {
            return "Contact[" + channel + "]";
        }
    }

    Uni<Contact> contactOf(FetchContactQuery query);
}
