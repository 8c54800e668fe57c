package io.phylax.vault.application.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.phylax.contract.AccessAction;
import io.phylax.contract.AccessOutcome;
import io.phylax.contract.PurposeOfUse;
import io.phylax.vault.application.port.in.AccessDeniedException;
import io.phylax.vault.application.port.in.BreakGlassUseCase;
import io.phylax.vault.application.port.in.NotFoundException;
import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.application.port.out.CareTeamPort;
import io.phylax.vault.application.port.out.EventStorePort;
import io.phylax.vault.application.port.out.StoredState;
import io.phylax.vault.config.VaultConfig;
import io.phylax.vault.domain.SubjectErasedException;
import io.phylax.vault.domain.access.AccessPolicy;
import io.phylax.vault.domain.access.Scope;
import io.phylax.vault.domain.crypto.AeadCipher;
import io.phylax.vault.domain.crypto.AssociatedData;
import io.smallrye.mutiny.Uni;

/**
 * Grants a clinician read-only access to one subject outside their care team, for a configured time, with a
 * stated reason (ADR 17). Each grant is a high-severity BREAK_GLASS access event committed with it, and counts
 * in {@code phylax_vault_break_glass_total{tenant}} for alerting.
 */
@ApplicationScoped
public class BreakGlass implements BreakGlassUseCase {

    /** The counter an alert watches. Its one label is the tenant: never a subject, a user or a reason. */
    public static final String METRIC = "phylax.vault.break.glass";

    private static final Logger LOG = Logger.getLogger(BreakGlass.class);

    private final EventStorePort store;
    private final CareTeamPort teams;
    private final DataKeys dataKeys;
    private final Outbound outbound;
    private final MeterRegistry meters;
    private final Duration duration;

    @Inject
    @SuppressWarnings("java:S107") // constructor injection
    public BreakGlass(
            EventStorePort store,
            CareTeamPort teams,
            DataKeys dataKeys,
            Outbound outbound,
            MeterRegistry meters,
            VaultConfig config) {
        this.store = store;
        this.teams = teams;
        this.dataKeys = dataKeys;
        this.outbound = outbound;
        this.meters = meters;
        this.duration = config.breakGlass().duration();
    }

    @Override
    public Uni<Grant> breakGlass(BreakGlassCommand command) {
        // Whatever the caller declared, breaking the glass is for emergency treatment.
        RequestContext context =
                new RequestContext(command.context().caller(), command.context().correlationId(), PurposeOfUse.ETREAT);
        UUID id = command.subjectId();
        String tenant = context.tenant();
        Uni<Grant> work = store.findState(tenant, id).flatMap(found -> {
            StoredState subject =
                    found.filter(StoredState::isSubject).orElseThrow(() -> new NotFoundException("subject"));
            if (subject.erased()) {
                throw new SubjectErasedException();
            }
            if (!AccessPolicy.mayBreakGlass(context.caller().roles())) {
                throw new AccessDeniedException("only clinicians may break the glass");
            }
            return teams.scopeOf(tenant, id, context.caller().subject()).flatMap(scope -> {
                if (scope == Scope.CARE_TEAM) {
                    throw new NotNeededException();
                }
                return dataKeys.keyOf(tenant, id).flatMap(key -> grant(context, command, key));
            });
        });
        return outbound.audited(context, id, id, AccessAction.BREAK_GLASS, false, work);
    }

    private Uni<Grant> grant(RequestContext context, BreakGlassCommand command, byte[] key) {
        UUID grantId = UUID.randomUUID();
        String tenant = context.tenant();
        UUID subjectId = command.subjectId();
        // The free text was not checked for PHI: it is kept only as ciphertext under the subject's data key,
        // so erasing the subject shreds it too, and it never reaches a log, an event or a metric.
        byte[] text = AeadCipher.encrypt(
                key,
                command.text().getBytes(StandardCharsets.UTF_8),
                AssociatedData.breakGlassReason(tenant, subjectId, grantId));
        CareTeamPort.BreakGlassGrant grant = new CareTeamPort.BreakGlassGrant(
                grantId,
                tenant,
                subjectId,
                context.caller().subject(),
                context.caller().issuer(),
                context.caller().clientId(),
                command.reason().name(),
                text);
        return teams.grant(
                        grant,
                        duration,
                        outbound.accessMessage(
                                context, subjectId, subjectId, AccessAction.BREAK_GLASS, AccessOutcome.ALLOWED))
                .map(times -> {
                    counter(tenant).increment();
                    LOG.warnf(
                            "break-glass granted: tenant=%s subject=%s grant=%s reason=%s until %s",
                            tenant, subjectId, grantId, command.reason(), times.expiresAt());
                    return new Grant(grantId, subjectId, command.reason(), times.grantedAt(), times.expiresAt());
                });
    }

    private Counter counter(String tenant) {
        return Counter.builder(METRIC)
                .description("Break-glass grants: emergency reads outside a clinician's care team")
                .tag("tenant", tenant)
                .register(meters);
    }
}
