package io.phylax.vault.application.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.phylax.vault.application.port.in.AccessDeniedException;
import io.phylax.vault.application.port.in.CareTeamUseCase;
import io.phylax.vault.application.port.in.NotFoundException;
import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.application.port.out.CareTeamPort;
import io.phylax.vault.application.port.out.EventStorePort;
import io.phylax.vault.application.port.out.StoredState;
import io.phylax.vault.domain.SubjectErasedException;
import io.phylax.vault.domain.access.AccessPolicy;
import io.smallrye.mutiny.Uni;

/** Manages who is on a subject's care team (ADR 17): tenant-admins and schedulers, within their tenant. */
@ApplicationScoped
public class CareTeams implements CareTeamUseCase {

    private static final Logger LOG = Logger.getLogger(CareTeams.class);

    private final EventStorePort store;
    private final CareTeamPort teams;

    @Inject
    public CareTeams(EventStorePort store, CareTeamPort teams) {
        this.store = store;
        this.teams = teams;
    }

    @Override
    public Uni<List<String>> members(RequestContext context, UUID subjectId) {
        return allowed(context, subjectId).flatMap(ok -> teams.members(context.tenant(), subjectId));
    }

    @Override
    public Uni<Void> add(RequestContext context, UUID subjectId, String member) {
        return allowed(context, subjectId)
                .flatMap(ok -> teams.add(
                        context.tenant(), subjectId, member, context.caller().subject()))
                .invoke(() -> LOG.infof(
                        "care team of subject %s (tenant %s): %s added by %s",
                        subjectId, context.tenant(), member, context.caller().subject()));
    }

    @Override
    public Uni<Void> remove(RequestContext context, UUID subjectId, String member) {
        return allowed(context, subjectId)
                .flatMap(ok -> teams.remove(context.tenant(), subjectId, member))
                .invoke(() -> LOG.infof(
                        "care team of subject %s (tenant %s): %s removed by %s",
                        subjectId, context.tenant(), member, context.caller().subject()));
    }

    /** The subject must be a live subject of the caller's tenant (others look missing), and the role must fit. */
    private Uni<StoredState> allowed(RequestContext context, UUID subjectId) {
        return store.findState(context.tenant(), subjectId).map(found -> {
            StoredState subject =
                    found.filter(StoredState::isSubject).orElseThrow(() -> new NotFoundException("subject"));
            if (subject.erased()) {
                throw new SubjectErasedException();
            }
            if (!AccessPolicy.mayManageCareTeam(context.caller().roles())) {
                throw new AccessDeniedException("only a tenant-admin or a scheduler may manage care teams");
            }
            return subject;
        });
    }
}
