package io.phylax.vault.application.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.phylax.contract.AccessAction;
import io.phylax.vault.application.port.in.ContactQueries;
import io.phylax.vault.application.port.in.NotFoundException;
import io.phylax.vault.application.port.out.EventStorePort;
import io.phylax.vault.application.port.out.StoredState;
import io.smallrye.mutiny.Uni;

/**
 * Answers the contact lookup: the patient's preferred e-mail address (lowest rank, not ended, not opted
 * out), or none. Every lookup is an access event, as any other disclosure.
 */
@ApplicationScoped
public class ContactService implements ContactQueries {

    /** Extension on a Patient's ContactPoint: true when the patient opted out of notifications on it. */
    public static final String OPT_OUT_EXTENSION = "https://phylax.dev/fhir/StructureDefinition/notification-opt-out";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventStorePort store;
    private final DataKeys dataKeys;
    private final Sealer sealer;
    private final Outbound outbound;

    @Inject
    public ContactService(EventStorePort store, DataKeys dataKeys, Sealer sealer, Outbound outbound) {
        this.store = store;
        this.dataKeys = dataKeys;
        this.sealer = sealer;
        this.outbound = outbound;
    }

    @Override
    public Uni<Contact> contactOf(FetchContactQuery query) {
        String tenant = query.context().tenant();
        UUID id = query.subjectId();
        Uni<Contact> work = store.findState(tenant, id)
                .map(found -> found.filter(StoredState::isSubject).orElseThrow(() -> new NotFoundException("subject")))
                .flatMap(state -> state.erased()
                        // An event can arrive after its subject was erased: there is no one left to notify.
                        ? Uni.createFrom().item(Contact.none())
                        : dataKeys.keyOf(tenant, id)
                                .map(key -> preferredEmail(
                                                sealer.openState(state, key).json())
                                        .map(address -> new Contact("email", address))
                                        .orElseGet(Contact::none)));
        return outbound.audited(query.context(), id, id, AccessAction.READ, true, work);
    }

    static Optional<String> preferredEmail(String patientJson) {
        JsonNode telecom;
        try {
            telecom = JSON.readTree(patientJson).path("telecom");
        } catch (IOException e) {
            throw new UncheckedIOException("stored patient is not JSON", e);
        }
        return StreamSupport.stream(telecom.spliterator(), false)
                .filter(point -> "email".equals(point.path("system").asText()))
                .filter(point -> !point.path("value").asText().isBlank())
                .filter(point -> !point.path("period").has("end"))
                .filter(point -> !optedOut(point))
                .min(Comparator.comparingInt(point -> point.path("rank").asInt(Integer.MAX_VALUE)))
                .map(point -> point.path("value").asText());
    }

    private static boolean optedOut(JsonNode contactPoint) {
        for (JsonNode extension : contactPoint.path("extension")) {
            if (OPT_OUT_EXTENSION.equals(extension.path("url").asText())
                    && extension.path("valueBoolean").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }
}
