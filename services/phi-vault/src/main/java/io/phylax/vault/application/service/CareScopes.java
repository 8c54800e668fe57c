package io.phylax.vault.application.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.application.port.out.CareTeamPort;
import io.phylax.vault.domain.access.AccessPolicy;
import io.smallrye.mutiny.Uni;

/**
 * Narrows a request to what the caller may do with one subject (ADR 17): a clinician's role counts on the
 * subject's care team, for reading under an unexpired break-glass grant, and not otherwise. Other roles are
 * tenant-wide and cost no lookup.
 */
@ApplicationScoped
public class CareScopes {

    private final CareTeamPort teams;

    @Inject
    public CareScopes(CareTeamPort teams) {
        this.teams = teams;
    }

    public Uni<RequestContext> forRead(RequestContext context, UUID subjectId) {
        if (!AccessPolicy.scopedByCareTeam(context.caller().roles())) {
            return Uni.createFrom().item(context);
        }
        return teams.scopeOf(context.tenant(), subjectId, context.caller().subject())
                .map(context::scopedForRead);
    }

    public Uni<RequestContext> forWrite(RequestContext context, UUID subjectId) {
        if (!AccessPolicy.scopedByCareTeam(context.caller().roles())) {
            return Uni.createFrom().item(context);
        }
        return teams.scopeOf(context.tenant(), subjectId, context.caller().subject())
                .map(context::scopedForWrite);
    }
}
