package io.phylax.vault.application.service;

import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.application.port.out.CareTeamPort;
import io.phylax.vault.application.port.out.EventStorePort;
import io.phylax.vault.application.port.out.StoredState;
import io.phylax.vault.domain.access.AccessPolicy;
import io.phylax.vault.domain.access.Scope;
import io.smallrye.mutiny.Uni;

/**
 * Narrows a request to what the caller may do with one subject (ADR 17): a clinician's role counts on the
 * subject's care team, for reading under an unexpired break-glass grant, and not otherwise. Other roles are
 * tenant-wide and cost no lookup. A stream read for a clinician fetches its state and the scope on its subject in
 * one statement.
 */
@ApplicationScoped
public class CareScopes {

    private final CareTeamPort teams;
    private final EventStorePort store;

    @Inject
    public CareScopes(CareTeamPort teams, EventStorePort store) {
        this.teams = teams;
        this.store = store;
    }

    /** A stream's state, with the request narrowed to what the caller may do on its subject. */
    public record Found(RequestContext context, Optional<StoredState> state) {}

    public Uni<RequestContext> forRead(RequestContext context, UUID subjectId) {
        return scoped(context, subjectId, RequestContext::scopedForRead);
    }

    public Uni<RequestContext> forWrite(RequestContext context, UUID subjectId) {
        return scoped(context, subjectId, RequestContext::scopedForWrite);
    }

    /** The stream's state, and the request as it may read the stream's subject. */
    public Uni<Found> stateForRead(RequestContext context, UUID streamId) {
        return state(context, streamId, RequestContext::scopedForRead);
    }

    /** The stream's state, and the request as it may write to the stream's subject. */
    public Uni<Found> stateForWrite(RequestContext context, UUID streamId) {
        return state(context, streamId, RequestContext::scopedForWrite);
    }

    private Uni<RequestContext> scoped(
            RequestContext context, UUID subjectId, BiFunction<RequestContext, Scope, RequestContext> narrow) {
        if (!AccessPolicy.scopedByCareTeam(context.caller().roles())) {
            return Uni.createFrom().item(context);
        }
        return teams.scopeOf(context.tenant(), subjectId, context.caller().subject())
                .map(scope -> narrow.apply(context, scope));
    }

    private Uni<Found> state(
            RequestContext context, UUID streamId, BiFunction<RequestContext, Scope, RequestContext> narrow) {
        if (!AccessPolicy.scopedByCareTeam(context.caller().roles())) {
            return store.findState(context.tenant(), streamId).map(state -> new Found(context, state));
        }
        return store.findStateInScope(
                        context.tenant(), streamId, context.caller().subject())
                .map(found -> new Found(narrow.apply(context, found.scope()), found.state()));
    }
}
