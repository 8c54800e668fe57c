package io.phylax.vault.application.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.contract.AccessAction;
import io.phylax.contract.AccessOutcome;
import io.phylax.vault.application.fhir.FhirCodec;
import io.phylax.vault.application.fhir.FhirViews;
import io.phylax.vault.application.port.in.AddRecordUseCase;
import io.phylax.vault.application.port.in.AmendRecordUseCase;
import io.phylax.vault.application.port.in.NotFoundException;
import io.phylax.vault.application.port.in.RecordQueries;
import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.application.port.in.ResourceSnapshot;
import io.phylax.vault.application.port.out.Commit;
import io.phylax.vault.application.port.out.EventStorePort;
import io.phylax.vault.application.port.out.OutboxMessage;
import io.phylax.vault.application.port.out.StoredState;
import io.phylax.vault.domain.Change;
import io.phylax.vault.domain.ClinicalRecord;
import io.phylax.vault.domain.DomainRuleViolation;
import io.phylax.vault.domain.FhirDocument;
import io.phylax.vault.domain.RecordType;
import io.phylax.vault.domain.StaleVersionException;
import io.phylax.vault.domain.SubjectErasedException;
import io.phylax.vault.domain.access.AccessPolicy;
import io.phylax.vault.domain.access.View;
import io.phylax.vault.domain.event.VaultEvent;
import io.smallrye.mutiny.Uni;

/** Adds, amends and reads clinical records attached to subjects, per role (minimum necessary). */
@ApplicationScoped
public class RecordService implements AddRecordUseCase, AmendRecordUseCase, RecordQueries {

    private final EventStorePort store;
    private final DataKeys dataKeys;
    private final Sealer sealer;
    private final FhirCodec codec;
    private final FhirViews views;
    private final Outbound outbound;
    private final CareScopes scopes;

    @Inject
    @SuppressWarnings("java:S107") // constructor injection
    public RecordService(
            EventStorePort store,
            DataKeys dataKeys,
            Sealer sealer,
            FhirCodec codec,
            FhirViews views,
            Outbound outbound,
            CareScopes scopes) {
        this.store = store;
        this.scopes = scopes;
        this.dataKeys = dataKeys;
        this.sealer = sealer;
        this.codec = codec;
        this.views = views;
        this.outbound = outbound;
    }

    @Override
    public Uni<ResourceSnapshot> add(AddRecordCommand command) {
        return scopes.forWrite(command.context(), command.subjectId()).flatMap(context -> add(context, command));
    }

    private Uni<ResourceSnapshot> add(RequestContext context, AddRecordCommand command) {
        String tenant = context.tenant();
        UUID subjectId = command.subjectId();
        RecordType type = recordType(command.resource());
        Uni<ResourceSnapshot> work = store.findState(tenant, subjectId)
                .map(RecordService::liveSubject)
                .flatMap(subject -> {
                    if (!AccessPolicy.mayWriteRecord(context.caller().roles(), type)) {
                        return Uni.createFrom().failure(context.denied("this role may not add this kind of record"));
                    }
                    UUID recordId = UUID.randomUUID();
                    FhirDocument resource = codec.bindToSubject(codec.withId(command.resource(), recordId), subjectId);
                    Change change = Outbound.change(context);
                    List<VaultEvent> events = ClinicalRecord.add(tenant, subjectId, recordId, resource, change);
                    return dataKeys.keyOf(tenant, subjectId).flatMap(key -> {
                        StoredState state = sealer.sealState(
                                resource, tenant, subjectId, recordId, 1, change.at(), change.at(), key);
                        return store.commit(commit(context, events, state, 0, key, AccessAction.CREATE))
                                .map(done -> snapshot(state, resource, readView(context, type)));
                    });
                });
        return outbound.audited(context, subjectId, null, AccessAction.CREATE, false, work);
    }

    @Override
    public Uni<ResourceSnapshot> amend(AmendRecordCommand command) {
        RequestContext context = command.context();
        String tenant = context.tenant();
        UUID recordId = command.recordId();
        Uni<ResourceSnapshot> work = scopes.stateForWrite(context, recordId)
                .flatMap(found -> liveRecord(found.state()).flatMap(state -> amend(found.context(), command, state)));
        return outbound.audited(context, null, recordId, AccessAction.UPDATE, false, work);
    }

    private Uni<ResourceSnapshot> amend(RequestContext context, AmendRecordCommand command, StoredState state) {
        String tenant = context.tenant();
        UUID recordId = command.recordId();
        RecordType type = RecordType.ofFhirType(state.resourceType()).orElseThrow();
        if (!AccessPolicy.mayWriteRecord(context.caller().roles(), type)) {
            return Uni.createFrom().failure(context.denied("this role may not amend this kind of record"));
        }
        if (command.expectedVersion() != state.version()) {
            return Uni.createFrom().failure(new StaleVersionException(command.expectedVersion(), state.version()));
        }
        FhirDocument next = codec.bindToSubject(codec.withId(command.resource(), recordId), state.subjectId());
        return dataKeys.keyOf(tenant, state.subjectId()).flatMap(key -> {
            FhirDocument current = sealer.openState(state, key);
            ClinicalRecord record =
                    ClinicalRecord.current(recordId, state.subjectId(), tenant, type, state.version(), current);
            Change change = Outbound.change(context);
            List<VaultEvent> events = record.amend(command.expectedVersion(), next, change);
            if (events.isEmpty()) {
                // Nothing changed, so nothing is committed, but the current version goes back to the caller: a read.
                return outbound.access(context, state.subjectId(), recordId, AccessAction.READ, AccessOutcome.ALLOWED)
                        .replaceWith(() -> snapshot(state, current, readView(context, type)));
            }
            StoredState nextState = sealer.sealState(
                    next,
                    tenant,
                    state.subjectId(),
                    recordId,
                    events.getLast().meta().version(),
                    state.createdAt(),
                    change.at(),
                    key);
            return store.commit(commit(context, events, nextState, command.expectedVersion(), key, AccessAction.UPDATE))
                    .map(done -> snapshot(nextState, next, readView(context, type)));
        });
    }

    @Override
    public Uni<ResourceSnapshot> fetch(FetchRecordQuery query) {
        RequestContext context = query.context();
        String tenant = context.tenant();
        UUID recordId = query.recordId();
        // Success is recorded in the scoped request (purpose ETREAT under break-glass); failures as asked.
        Uni<ResourceSnapshot> work = scopes.stateForRead(context, recordId)
                .flatMap(found -> liveRecord(found.state()).flatMap(state -> {
                    RequestContext scoped = found.context();
                    View view = AccessPolicy.recordView(
                            scoped.caller().roles(),
                            RecordType.ofFhirType(state.resourceType()).orElseThrow());
                    if (view == View.NONE) {
                        return Uni.createFrom().failure(scoped.denied("this role may not view this kind of record"));
                    }
                    return dataKeys.keyOf(tenant, state.subjectId())
                            .map(key -> snapshot(state, sealer.openState(state, key), view))
                            .call(() ->
                                    outbound.access(scoped, null, recordId, AccessAction.READ, AccessOutcome.ALLOWED));
                }));
        return outbound.audited(context, null, recordId, AccessAction.READ, false, work);
    }

    @Override
    public Uni<List<ResourceSnapshot>> list(ListRecordsQuery query) {
        return scopes.forRead(query.context(), query.subjectId()).flatMap(context -> list(context, query));
    }

    private Uni<List<ResourceSnapshot>> list(RequestContext context, ListRecordsQuery query) {
        String tenant = context.tenant();
        UUID subjectId = query.subjectId();
        Uni<List<ResourceSnapshot>> work = store.findState(tenant, subjectId)
                .map(RecordService::liveSubject)
                .flatMap(subject -> {
                    boolean seesAnyType = List.of(RecordType.values()).stream()
                            .anyMatch(t ->
                                    AccessPolicy.recordView(context.caller().roles(), t) != View.NONE);
                    if (!seesAnyType) {
                        return Uni.createFrom().failure(context.denied("this role may not view records"));
                    }
                    return store.findRecords(tenant, subjectId)
                            .flatMap(records -> dataKeys.keyOf(tenant, subjectId)
                                    .map(key -> {
                                        List<ResourceSnapshot> visible = new ArrayList<>();
                                        for (StoredState state : records) {
                                            View view = AccessPolicy.recordView(
                                                    context.caller().roles(),
                                                    RecordType.ofFhirType(state.resourceType())
                                                            .orElseThrow());
                                            if (view != View.NONE) {
                                                visible.add(snapshot(state, sealer.openState(state, key), view));
                                            }
                                        }
                                        return visible;
                                    }));
                });
        return outbound.audited(context, subjectId, null, AccessAction.LIST, true, work);
    }

    private Commit commit(
            RequestContext context,
            List<VaultEvent> events,
            StoredState state,
            long expectedVersion,
            byte[] key,
            AccessAction action) {
        List<OutboxMessage> outbox = new ArrayList<>();
        events.forEach(e -> outbox.add(outbound.reference(e, context.correlationId())));
        outbox.add(outbound.accessMessage(context, state.subjectId(), state.streamId(), action, AccessOutcome.ALLOWED));
        return new Commit(
                events.stream().map(e -> sealer.seal(e, key)).toList(),
                state,
                expectedVersion,
                null,
                outbox,
                null,
                null,
                null,
                null);
    }

    /** The state found, if it is a record's and its subject is not erased. */
    private static Uni<StoredState> liveRecord(Optional<StoredState> found) {
        return Uni.createFrom().item(() -> {
            StoredState state = found.filter(s -> !s.isSubject()).orElseThrow(() -> new NotFoundException("record"));
            if (state.erased()) {
                throw new SubjectErasedException();
            }
            return state;
        });
    }

    private static StoredState liveSubject(Optional<StoredState> found) {
        StoredState subject = found.filter(StoredState::isSubject).orElseThrow(() -> new NotFoundException("subject"));
        if (subject.erased()) {
            throw new SubjectErasedException();
        }
        return subject;
    }

    private static RecordType recordType(FhirDocument resource) {
        return RecordType.ofFhirType(resource.resourceType())
                .orElseThrow(
                        () -> new DomainRuleViolation(
                                "resourceType",
                                "records are Observation, Appointment, Communication, DocumentReference or QuestionnaireResponse"));
    }

    private static View readView(RequestContext context, RecordType type) {
        View view = AccessPolicy.recordView(context.caller().roles(), type);
        return view == View.NONE ? View.MASKED : view;
    }

    private ResourceSnapshot snapshot(StoredState state, FhirDocument document, View view) {
        return new ResourceSnapshot(
                state.streamId(),
                state.subjectId(),
                state.resourceType(),
                state.version(),
                state.updatedAt(),
                views.render(document, view, state.version(), state.updatedAt()));
    }
}
