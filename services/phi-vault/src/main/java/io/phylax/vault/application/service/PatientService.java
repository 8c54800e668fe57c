package io.phylax.vault.application.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import io.phylax.vault.application.fhir.SearchTerms;
import io.phylax.vault.application.port.in.AccessDeniedException;
import io.phylax.vault.application.port.in.EraseSubjectUseCase;
import io.phylax.vault.application.port.in.HistoryEntry;
import io.phylax.vault.application.port.in.IdempotencyKeyReusedException;
import io.phylax.vault.application.port.in.NotFoundException;
import io.phylax.vault.application.port.in.PatientQueries;
import io.phylax.vault.application.port.in.RegisterPatientUseCase;
import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.application.port.in.ResourceSnapshot;
import io.phylax.vault.application.port.in.UpdatePatientUseCase;
import io.phylax.vault.application.port.out.BlindIndexPort;
import io.phylax.vault.application.port.out.Commit;
import io.phylax.vault.application.port.out.EventStorePort;
import io.phylax.vault.application.port.out.IdempotencyKeyTakenException;
import io.phylax.vault.application.port.out.OutboxMessage;
import io.phylax.vault.application.port.out.StoredEvent;
import io.phylax.vault.application.port.out.StoredState;
import io.phylax.vault.application.port.out.TenantClosedException;
import io.phylax.vault.domain.Change;
import io.phylax.vault.domain.DomainRuleViolation;
import io.phylax.vault.domain.FhirDocument;
import io.phylax.vault.domain.StaleVersionException;
import io.phylax.vault.domain.Subject;
import io.phylax.vault.domain.SubjectErasedException;
import io.phylax.vault.domain.access.AccessPolicy;
import io.phylax.vault.domain.access.View;
import io.phylax.vault.domain.event.VaultEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Registers, updates and reads subjects, enforcing each role's view in the service layer. */
@ApplicationScoped
public class PatientService
        implements RegisterPatientUseCase, UpdatePatientUseCase, EraseSubjectUseCase, PatientQueries {

    private final EventStorePort store;
    private final DataKeys dataKeys;
    private final Sealer sealer;
    private final FhirCodec codec;
    private final FhirViews views;
    private final Outbound outbound;
    private final BlindIndex blindIndex;
    private final BlindIndexPort index;
    private final CareScopes scopes;

    @Inject
    @SuppressWarnings("java:S107") // constructor injection
    public PatientService(
            EventStorePort store,
            DataKeys dataKeys,
            Sealer sealer,
            FhirCodec codec,
            FhirViews views,
            Outbound outbound,
            BlindIndex blindIndex,
            BlindIndexPort index,
            CareScopes scopes) {
        this.store = store;
        this.scopes = scopes;
        this.blindIndex = blindIndex;
        this.index = index;
        this.dataKeys = dataKeys;
        this.sealer = sealer;
        this.codec = codec;
        this.views = views;
        this.outbound = outbound;
    }

    @Override
    public Uni<Registered> register(RegisterPatientCommand command) {
        RequestContext context = command.context();
        String tenant = context.tenant();
        View writeView = AccessPolicy.patientWriteView(context.caller().roles());
        if (writeView == View.NONE) {
            return outbound.audited(
                    context,
                    null,
                    null,
                    AccessAction.CREATE,
                    false,
                    Uni.createFrom().failure(new AccessDeniedException("this role may not register patients")));
        }
        requireWithin(command.patient(), writeView);
        byte[] keyHash = command.idempotencyKey() == null ? null : hash(tenant, command.idempotencyKey());
        Uni<Optional<UUID>> earlier =
                keyHash == null ? Uni.createFrom().item(Optional.empty()) : store.findIdempotent(tenant, keyHash);
        // A failed creation (key service down, say) is recorded as an access; a successful one is committed
        // together with its access event.
        return earlier.flatMap(found -> found.isPresent()
                ? replay(context, found.get(), command.patient())
                : outbound.audited(
                        context,
                        null,
                        null,
                        AccessAction.CREATE,
                        false,
                        create(context, command.patient(), keyHash)
                                .onFailure(IdempotencyKeyTakenException.class)
                                .recoverWithUni(() -> store.findIdempotent(tenant, keyHash)
                                        .flatMap(again -> replay(context, again.orElseThrow(), command.patient())))));
    }

    private Uni<Registered> create(RequestContext context, FhirDocument submitted, byte[] keyHash) {
        // A closed tenant's account registers nothing (ADR 19); the commit checks it in its own transaction.
        return createOpen(context, submitted, keyHash)
                .onFailure(TenantClosedException.class)
                .transform(e -> new AccessDeniedException("this tenant's account is closed"));
    }

    private Uni<Registered> createOpen(RequestContext context, FhirDocument submitted, byte[] keyHash) {
        String tenant = context.tenant();
        UUID subjectId = UUID.randomUUID();
        FhirDocument patient = codec.withId(submitted, subjectId);
        Change change = Outbound.change(context);
        List<VaultEvent> events = Subject.register(tenant, subjectId, patient, change);
        return dataKeys.create(tenant, subjectId)
                .flatMap(newKey -> blindIndex.keyFor(tenant).flatMap(indexKey -> {
                    StoredState state = sealer.sealState(
                            patient, tenant, subjectId, subjectId, 1, change.at(), change.at(), newKey.key());
                    List<OutboxMessage> outbox = new ArrayList<>();
                    events.forEach(e -> outbox.add(outbound.reference(e, context.correlationId())));
                    outbox.add(outbound.accessMessage(
                            context, subjectId, subjectId, AccessAction.CREATE, AccessOutcome.ALLOWED));
                    Commit commit = new Commit(
                            events.stream()
                                    .map(e -> sealer.seal(e, newKey.key()))
                                    .toList(),
                            state,
                            0,
                            newKey.wrapped(),
                            outbox,
                            keyHash == null ? null : new Commit.IdempotencyEntry(tenant, keyHash, subjectId),
                            null,
                            blindIndex.terms(tenant, subjectId, patient, indexKey),
                            // The clinician who registers a subject is on its care team from the start.
                            AccessPolicy.scopedByCareTeam(context.caller().roles())
                                    ? new Commit.CareTeamMember(
                                            tenant, subjectId, context.caller().subject())
                                    : null);
                    return store.commit(commit).map(done -> {
                        dataKeys.remember(subjectId, newKey.key());
                        return new Registered(
                                snapshot(
                                        state,
                                        patient,
                                        AccessPolicy.patientView(
                                                context.caller().roles())),
                                true);
                    });
                }));
    }

    /**
     * Same key again: the same result if the body is the same, a refusal if it is not. The replayed body is
     * PHI leaving the vault, so it is recorded as a read.
     */
    private Uni<Registered> replay(RequestContext context, UUID subjectId, FhirDocument submitted) {
        return outbound.audited(
                context, subjectId, subjectId, AccessAction.READ, true, replayed(context, subjectId, submitted));
    }

    private Uni<Registered> replayed(RequestContext context, UUID subjectId, FhirDocument submitted) {
        String tenant = context.tenant();
        return store.loadStream(tenant, subjectId).flatMap(stream -> {
            if (stream.isEmpty()) {
                return Uni.createFrom().failure(new NotFoundException("subject"));
            }
            StoredEvent first = stream.getFirst();
            return dataKeys.keyOf(tenant, subjectId).map(key -> {
                FhirDocument original = sealer.open(first, key);
                if (!original.equals(codec.withId(submitted, subjectId))) {
                    throw new IdempotencyKeyReusedException();
                }
                View view = AccessPolicy.patientView(context.caller().roles());
                return new Registered(
                        new ResourceSnapshot(
                                subjectId,
                                subjectId,
                                Subject.PATIENT,
                                1,
                                first.occurredAt(),
                                views.render(original, view == View.NONE ? View.MASKED : view, 1, first.occurredAt())),
                        false);
            });
        });
    }

    @Override
    public Uni<ResourceSnapshot> fetch(FetchPatientQuery query) {
        UUID id = query.subjectId();
        return scopes.stateForRead(query.context(), id).flatMap(found -> {
            RequestContext context = found.context();
            Uni<ResourceSnapshot> work = liveSubject(found.state()).flatMap(state -> {
                View view = AccessPolicy.patientView(context.caller().roles());
                if (view == View.NONE) {
                    return Uni.createFrom().failure(context.denied("this role may not view patients"));
                }
                return dataKeys.keyOf(context.tenant(), id)
                        .map(key -> snapshot(state, sealer.openState(state, key), view));
            });
            return outbound.audited(context, id, id, AccessAction.READ, true, work);
        });
    }

    @Override
    public Uni<List<ResourceSnapshot>> search(SearchPatientsQuery query) {
        RequestContext context = query.context();
        String tenant = context.tenant();
        String term = SearchTerms.normalise(query.system(), query.value());
        View view = AccessPolicy.patientView(context.caller().roles());
        if (!AccessPolicy.maySearchBy(view, SearchTerms.isEmail(term) ? "telecom" : "identifier")) {
            return outbound.audited(
                    context,
                    null,
                    null,
                    AccessAction.SEARCH,
                    false,
                    Uni.createFrom()
                            .failure(new AccessDeniedException("this role may not search patients by this element")));
        }
        Uni<List<ResourceSnapshot>> work = blindIndex
                .existingKey(tenant)
                .flatMap(key -> key.isEmpty()
                        ? Uni.createFrom().item(List.<UUID>of())
                        : index.findSubjects(tenant, blindIndex.hash(tenant, key.get(), term)))
                .flatMap(ids -> Multi.createFrom()
                        .iterable(ids)
                        .onItem()
                        .transformToUniAndConcatenate(id -> hit(context, id))
                        .collect()
                        .asList())
                .call(hits -> searched(context, hits));
        return outbound.audited(context, null, null, AccessAction.SEARCH, false, work);
    }

    /**
     * A found subject in the caller's view of it; null (skipped) if it was erased after the lookup. A clinician
     * sees subjects outside their care team masked (id only), which is enough to ask for break-glass.
     */
    private Uni<ResourceSnapshot> hit(RequestContext context, UUID id) {
        String tenant = context.tenant();
        return store.findState(tenant, id).flatMap(found -> {
            if (found.isEmpty() || !found.get().isSubject() || found.get().erased()) {
                return Uni.createFrom().nullItem();
            }
            StoredState state = found.get();
            return scopes.forRead(context, id).flatMap(scoped -> {
                View scopedView = AccessPolicy.patientView(scoped.caller().roles());
                View view = scopedView == View.NONE ? View.MASKED : scopedView;
                return dataKeys.keyOf(tenant, id).map(key -> snapshot(state, sealer.openState(state, key), view));
            });
        });
    }

    /** One SEARCH access event per subject returned, or one without a subject when nothing matched. */
    private Uni<Void> searched(RequestContext context, List<ResourceSnapshot> hits) {
        if (hits.isEmpty()) {
            return outbound.access(context, null, null, AccessAction.SEARCH, AccessOutcome.ALLOWED);
        }
        return Uni.join()
                .all(hits.stream()
                        .map(h -> outbound.access(context, h.id(), h.id(), AccessAction.SEARCH, AccessOutcome.ALLOWED))
                        .toList())
                .andFailFast()
                .replaceWithVoid();
    }

    @Override
    public Uni<ResourceSnapshot> update(UpdatePatientCommand command) {
        UUID id = command.subjectId();
        return scopes.stateForWrite(command.context(), id)
                .flatMap(found -> update(found.context(), found.state(), command));
    }

    private Uni<ResourceSnapshot> update(
            RequestContext context, Optional<StoredState> found, UpdatePatientCommand command) {
        UUID id = command.subjectId();
        View writeView = AccessPolicy.patientWriteView(context.caller().roles());
        Uni<ResourceSnapshot> work = liveSubject(found).flatMap(state -> {
            if (writeView == View.NONE) {
                return Uni.createFrom().failure(context.denied("this role may not change patients"));
            }
            if (command.expectedVersion() != state.version()) {
                return Uni.createFrom().failure(new StaleVersionException(command.expectedVersion(), state.version()));
            }
            requireWithin(command.patient(), writeView);
            return dataKeys.keyOf(context.tenant(), id)
                    .flatMap(key -> applyUpdate(context, state, command, writeView, key));
        });
        return outbound.audited(context, id, id, AccessAction.UPDATE, false, work);
    }

    private Uni<ResourceSnapshot> applyUpdate(
            RequestContext context, StoredState state, UpdatePatientCommand command, View writeView, byte[] key) {
        FhirDocument current = sealer.openState(state, key);
        FhirDocument next = codec.withId(views.merge(current, command.patient(), writeView), state.streamId());
        Subject subject = Subject.current(state.streamId(), state.tenant(), state.version(), current);
        Change change = Outbound.change(context);
        List<VaultEvent> events = subject.update(command.expectedVersion(), next, change);
        View readView = AccessPolicy.patientView(context.caller().roles());
        if (events.isEmpty()) {
            // Nothing changed, so nothing is committed, but the current version goes back to the caller: a read.
            return outbound.access(
                            context, state.subjectId(), state.streamId(), AccessAction.READ, AccessOutcome.ALLOWED)
                    .replaceWith(() -> snapshot(state, current, readView));
        }
        long version = events.getLast().meta().version();
        StoredState nextState = sealer.sealState(
                next,
                state.tenant(),
                state.subjectId(),
                state.streamId(),
                version,
                state.createdAt(),
                change.at(),
                key);
        List<OutboxMessage> outbox = new ArrayList<>();
        events.forEach(e -> outbox.add(outbound.reference(e, context.correlationId())));
        outbox.add(outbound.accessMessage(
                context, state.subjectId(), state.streamId(), AccessAction.UPDATE, AccessOutcome.ALLOWED));
        return blindIndex.keyFor(state.tenant()).flatMap(indexKey -> {
            Commit commit = new Commit(
                    events.stream().map(e -> sealer.seal(e, key)).toList(),
                    nextState,
                    command.expectedVersion(),
                    null,
                    outbox,
                    null,
                    null,
                    // The new version's terms replace the old ones: a changed identifier no longer finds it.
                    blindIndex.terms(state.tenant(), state.subjectId(), next, indexKey),
                    null);
            return store.commit(commit).map(done -> snapshot(nextState, next, readView));
        });
    }

    @Override
    public Uni<List<HistoryEntry>> history(FetchPatientHistoryQuery query) {
        return scopes.stateForRead(query.context(), query.subjectId())
                .flatMap(found -> history(found.context(), found.state(), query));
    }

    private Uni<List<HistoryEntry>> history(
            RequestContext context, Optional<StoredState> found, FetchPatientHistoryQuery query) {
        UUID id = query.subjectId();
        String tenant = context.tenant();
        Uni<List<HistoryEntry>> work = subjectForHistory(found).flatMap(state -> {
            if (!AccessPolicy.mayViewHistory(context.caller().roles())) {
                return Uni.createFrom().failure(context.denied("this role may not view history"));
            }
            View view = state.erased()
                    ? View.MASKED
                    : AccessPolicy.patientView(context.caller().roles());
            return store.loadStream(tenant, id)
                    .flatMap(events -> AccessPolicy.showsContent(view)
                            ? dataKeys.keyOf(tenant, id).map(key -> entries(events, view, key))
                            : Uni.createFrom().item(entries(events, view, null)));
        });
        return outbound.audited(context, id, id, AccessAction.HISTORY, true, work);
    }

    private List<HistoryEntry> entries(List<StoredEvent> events, View view, byte[] key) {
        return events.stream()
                .map(e -> new HistoryEntry(
                        e.version(),
                        e.eventType(),
                        e.occurredAt(),
                        e.actorSubject(),
                        e.actorClient(),
                        key == null ? null : views.render(sealer.open(e, key), view, e.version(), e.occurredAt())))
                .toList();
    }

    @Override
    public Uni<Void> erase(EraseSubjectCommand command) {
        RequestContext context = command.context();
        UUID id = command.subjectId();
        Uni<Void> work = subjectState(context.tenant(), id).flatMap(state -> {
            if (!context.caller().hasRole(AccessPolicy.TENANT_ADMIN)) {
                return Uni.createFrom().failure(new AccessDeniedException("only a tenant-admin may erase a subject"));
            }
            Change change = Outbound.change(context);
            Subject subject = Subject.current(id, state.tenant(), state.version(), null);
            List<VaultEvent> events = subject.erase(command.reason(), change);
            StoredState tombstoned = state.erasedAt(events.getLast().meta().version(), change.at());
            List<OutboxMessage> outbox = new ArrayList<>();
            events.forEach(e -> outbox.add(outbound.reference(e, context.correlationId())));
            outbox.add(outbound.accessMessage(context, id, id, AccessAction.ERASE, AccessOutcome.ALLOWED));
            Commit commit = new Commit(
                    events.stream().map(e -> sealer.seal(e, null)).toList(),
                    tombstoned,
                    state.version(),
                    null,
                    outbox,
                    null,
                    new Commit.Erasure(
                            state.tenant(),
                            id,
                            change.at(),
                            change.actor().issuer(),
                            change.actor().subject(),
                            change.actor().clientId(),
                            command.reason().name()),
                    null,
                    null);
            return store.commit(commit).invoke(() -> dataKeys.forget(id));
        });
        return outbound.audited(context, id, id, AccessAction.ERASE, false, work);
    }

    /** The subject's current state; an erased subject answers Gone to the tenant that owned it. */
    private Uni<StoredState> subjectState(String tenant, UUID id) {
        return store.findState(tenant, id).flatMap(PatientService::liveSubject);
    }

    /** The state found, if it is a subject's and not erased; else not found, or Gone to the tenant that owned it. */
    private static Uni<StoredState> liveSubject(Optional<StoredState> found) {
        return subjectForHistory(found).map(state -> {
            if (state.erased()) {
                throw new SubjectErasedException();
            }
            return state;
        });
    }

    /** History survives erasure as metadata (the tombstone says who erased and when); bodies do not. */
    private static Uni<StoredState> subjectForHistory(Optional<StoredState> found) {
        return Uni.createFrom()
                .item(() -> found.filter(StoredState::isSubject).orElseThrow(() -> new NotFoundException("subject")));
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

    private void requireWithin(FhirDocument submitted, View writeView) {
        List<String> outside = views.elementsOutside(submitted, writeView);
        if (!outside.isEmpty()) {
            throw new DomainRuleViolation(outside.getFirst(), "this role may not set this element");
        }
    }

    /** Idempotency keys are client-chosen; only their hash is kept. */
    static byte[] hash(String tenant, String idempotencyKey) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest((tenant + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
