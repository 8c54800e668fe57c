package io.phylax.vault.application.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.contract.AccessAction;
import io.phylax.contract.AccessEvent;
import io.phylax.contract.AccessOutcome;
import io.phylax.contract.Actor;
import io.phylax.contract.EventCodec;
import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEventType;
import io.phylax.contract.StreamType;
import io.phylax.contract.Topics;
import io.phylax.trust.Caller;
import io.phylax.vault.application.port.in.AccessDeniedException;
import io.phylax.vault.application.port.in.NotFoundException;
import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.application.port.out.KeyServiceUnavailableException;
import io.phylax.vault.application.port.out.OutboxMessage;
import io.phylax.vault.application.port.out.RecordAccessPort;
import io.phylax.vault.domain.Change;
import io.phylax.vault.domain.SubjectErasedException;
import io.phylax.vault.domain.crypto.IntegrityException;
import io.phylax.vault.domain.event.RecordAdded;
import io.phylax.vault.domain.event.RecordAmended;
import io.phylax.vault.domain.event.VaultEvent;
import io.smallrye.mutiny.Uni;

/**
 * What leaves the vault about a change or an access: redacted reference events (through the outbox, in
 * the change's transaction) and access events (group-committed before any PHI is returned). Both are
 * built from the event contract, so nothing outside its allow-list can be sent.
 */
@ApplicationScoped
public class Outbound {

    private final RecordAccessPort accessLog;

    @Inject
    public Outbound(RecordAccessPort accessLog) {
        this.accessLog = accessLog;
    }

    /** The identity and time of a new change made by the caller. */
    public static Change change(RequestContext context) {
        Caller caller = context.caller();
        return new Change(
                UUID.randomUUID(), now(), new VaultEvent.Actor(caller.issuer(), caller.subject(), caller.clientId()));
    }

    /** Times are kept to the microsecond, as PostgreSQL stores them, so a value read back equals the one written. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** The redacted reference event for a change, as an outbox message keyed by subject (per-subject order). */
    public OutboxMessage reference(VaultEvent event, String correlationId) {
        VaultEvent.Meta meta = event.meta();
        boolean record = event instanceof RecordAdded || event instanceof RecordAmended;
        ReferenceEvent reference = new ReferenceEvent(
                meta.eventId(),
                ReferenceEventType.valueOf(event.type()),
                meta.tenant(),
                meta.subjectId(),
                meta.streamId(),
                record ? StreamType.RECORD : StreamType.SUBJECT,
                record ? Sealer.body(event).resourceType() : null,
                meta.version(),
                meta.occurredAt(),
                correlationId);
        return new OutboxMessage(
                meta.eventId(), Topics.PHI_EVENTS, meta.subjectId().toString(), EventCodec.encode(reference));
    }

    /**
     * An access event to commit together with a change (who created or changed what). Keyed by subject, or by
     * tenant when it names none (a step of an export), as the group-committed ones are.
     */
    public OutboxMessage accessMessage(
            RequestContext context, UUID subjectId, UUID streamId, AccessAction action, AccessOutcome outcome) {
        AccessEvent event = accessEvent(context, subjectId, streamId, action, outcome);
        String key = subjectId != null ? subjectId.toString() : context.tenant();
        return new OutboxMessage(event.eventId(), Topics.PHI_ACCESS, key, EventCodec.encode(event));
    }

    /**
     * Runs a read or a write and records its access: ALLOWED (durably, before the result is released) on
     * success; DENIED, NOT_FOUND, INTEGRITY_FAILURE or KEY_UNAVAILABLE when it fails for those reasons.
     *
     * @param recordSuccess false for writes, whose success is committed with the change itself
     */
    public <T> Uni<T> audited(
            RequestContext context,
            UUID subjectId,
            UUID streamId,
            AccessAction action,
            boolean recordSuccess,
            Uni<T> work) {
        Uni<T> done = recordSuccess
                ? work.call(() -> access(context, subjectId, streamId, action, AccessOutcome.ALLOWED))
                : work;
        return done.onFailure().call(error -> {
            AccessOutcome outcome = outcomeOf(error);
            return outcome == null
                    ? Uni.createFrom().voidItem()
                    : access(context, subjectId, streamId, action, outcome);
        });
    }

    static AccessOutcome outcomeOf(Throwable error) {
        return switch (error) {
            case NotFoundException e -> AccessOutcome.NOT_FOUND;
            case AccessDeniedException e -> AccessOutcome.DENIED;
            case IntegrityException e -> AccessOutcome.INTEGRITY_FAILURE;
            case KeyServiceUnavailableException e -> AccessOutcome.KEY_UNAVAILABLE;
            case SubjectErasedException e -> AccessOutcome.NOT_FOUND;
            default -> null;
        };
    }

    /** Records an access and completes once it is durable. */
    public Uni<Void> access(
            RequestContext context, UUID subjectId, UUID streamId, AccessAction action, AccessOutcome outcome) {
        return accessLog.record(accessEvent(context, subjectId, streamId, action, outcome));
    }

    private static AccessEvent accessEvent(
            RequestContext context, UUID subjectId, UUID streamId, AccessAction action, AccessOutcome outcome) {
        Caller caller = context.caller();
        return new AccessEvent(
                UUID.randomUUID(),
                context.tenant(),
                new Actor(caller.issuer(), caller.subject(), caller.clientId()),
                subjectId,
                streamId,
                action,
                outcome,
                context.purpose(),
                now(),
                context.correlationId());
    }
}
