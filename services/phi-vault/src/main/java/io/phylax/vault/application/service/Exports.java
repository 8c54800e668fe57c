package io.phylax.vault.application.service;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.phylax.contract.AccessAction;
import io.phylax.contract.AccessOutcome;
import io.phylax.vault.application.fhir.FhirCodec;
import io.phylax.vault.application.fhir.FhirViews;
import io.phylax.vault.application.port.in.AccessDeniedException;
import io.phylax.vault.application.port.in.ExportUseCase;
import io.phylax.vault.application.port.in.NotFoundException;
import io.phylax.vault.application.port.in.RequestContext;
import io.phylax.vault.application.port.out.EventStorePort;
import io.phylax.vault.application.port.out.ExportPort;
import io.phylax.vault.application.port.out.ExportPort.ExportRow;
import io.phylax.vault.application.port.out.OutboxMessage;
import io.phylax.vault.application.port.out.StoredState;
import io.phylax.vault.config.VaultConfig;
import io.phylax.vault.domain.ExportFormat;
import io.phylax.vault.domain.access.AccessPolicy;
import io.phylax.vault.domain.access.View;
import io.phylax.vault.domain.crypto.RecipientCipher;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Bulk exports with two-person approval (ADR 18). Every step is an EXPORT access event committed with it:
 * requested, approved, refused (outcome DENIED), produced (one event per exported subject) and downloaded;
 * refused attempts (self-approval, download before approval or after expiry) are recorded as DENIED.
 */
@ApplicationScoped
public class Exports implements ExportUseCase {

    private static final Logger LOG = Logger.getLogger(Exports.class);
    private static final String REQUESTED = "REQUESTED";
    private static final String APPROVED = "APPROVED";
    private static final String REFUSED = "REFUSED";
    private static final String PRODUCED = "PRODUCED";

    private final ExportPort exports;
    private final EventStorePort store;
    private final DataKeys dataKeys;
    private final Sealer sealer;
    private final FhirViews views;
    private final FhirCodec codec;
    private final Outbound outbound;
    private final Duration expiry;

    @Inject
    @SuppressWarnings("java:S107") // constructor injection
    public Exports(
            ExportPort exports,
            EventStorePort store,
            DataKeys dataKeys,
            Sealer sealer,
            FhirViews views,
            FhirCodec codec,
            Outbound outbound,
            VaultConfig config) {
        this.exports = exports;
        this.store = store;
        this.dataKeys = dataKeys;
        this.sealer = sealer;
        this.views = views;
        this.codec = codec;
        this.outbound = outbound;
        this.expiry = config.export().expiry();
    }

    @Override
    public Uni<ExportView> request(RequestContext context, ExportFormat format, RSAPublicKey requesterKey) {
        Uni<ExportView> work;
        if (!AccessPolicy.mayRequestExport(context.caller().roles())) {
            work = Uni.createFrom()
                    .failure(new AccessDeniedException("only a clinician or a tenant-admin may request an export"));
        } else {
            UUID id = UUID.randomUUID();
            ExportRow row = new ExportRow(
                    id,
                    context.tenant(),
                    format.code(),
                    Base64.getEncoder().encodeToString(requesterKey.getEncoded()),
                    REQUESTED,
                    context.caller().subject(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            work = exports.insert(row, context.caller().issuer(), step(context, AccessOutcome.ALLOWED))
                    .invoke(() -> LOG.infof(
                            "export %s of tenant %s requested by %s",
                            id, context.tenant(), context.caller().subject()))
                    .chain(() -> view(context.tenant(), id));
        }
        return outbound.audited(context, null, null, AccessAction.EXPORT, false, work);
    }

    @Override
    public Uni<ExportView> approve(RequestContext context, UUID exportId) {
        Uni<ExportView> work = decidable(context, exportId).flatMap(row -> {
            String me = context.caller().subject();
            if (row.status().equals(APPROVED) && me.equals(row.decidedBy())) {
                // The approver asks again after a failed production: produce it now.
                return produce(context, row);
            }
            return exports.decide(row.tenant(), exportId, APPROVED, me, step(context, AccessOutcome.ALLOWED))
                    .flatMap(decided -> {
                        if (!decided) {
                            throw notPending(row.status());
                        }
                        LOG.infof("export %s of tenant %s approved by %s", exportId, row.tenant(), me);
                        return produce(context, row);
                    });
        });
        return outbound.audited(context, null, null, AccessAction.EXPORT, false, work);
    }

    @Override
    public Uni<ExportView> refuse(RequestContext context, UUID exportId) {
        Uni<ExportView> work = decidable(context, exportId)
                .flatMap(row -> exports.decide(
                                row.tenant(),
                                exportId,
                                REFUSED,
                                context.caller().subject(),
                                step(context, AccessOutcome.DENIED))
                        .flatMap(decided -> {
                            if (!decided) {
                                throw notPending(row.status());
                            }
                            LOG.infof(
                                    "export %s of tenant %s refused by %s",
                                    exportId, row.tenant(), context.caller().subject());
                            return view(row.tenant(), exportId);
                        }));
        return outbound.audited(context, null, null, AccessAction.EXPORT, false, work);
    }

    @Override
    public Uni<ExportView> status(RequestContext context, UUID exportId) {
        Uni<ExportView> work = row(context, exportId).map(row -> {
            if (!row.requestedBy().equals(context.caller().subject())
                    && !AccessPolicy.mayDecideExport(context.caller().roles())) {
                throw new AccessDeniedException("only the requester or a tenant-admin may see an export");
            }
            return toView(row);
        });
        return outbound.audited(context, null, null, AccessAction.EXPORT, false, work);
    }

    @Override
    public Uni<ExportFile> download(RequestContext context, UUID exportId) {
        Uni<ExportFile> work = row(context, exportId).flatMap(row -> {
            if (!row.requestedBy().equals(context.caller().subject())) {
                throw new AccessDeniedException("only the requester may download an export");
            }
            switch (row.status()) {
                case REQUESTED, APPROVED ->
                    throw new ExportRefusedException(
                            409,
                            "export-not-approved",
                            "Export not approved",
                            "this export has not been approved by a second person and produced yet");
                case REFUSED ->
                    throw new ExportRefusedException(
                            409, "export-refused", "Export refused", "this export was refused");
                default -> {
                    // Produced: the database decides whether it has expired (and empties it if so).
                }
            }
            return exports.takeFile(row.tenant(), exportId, step(context, AccessOutcome.ALLOWED))
                    .map(file -> new ExportFile(
                            exportId,
                            file.orElseThrow(Exports::expired),
                            ExportFormat.ofCode(row.format()).orElseThrow().mediaType()));
        });
        return outbound.audited(context, null, null, AccessAction.EXPORT, false, work);
    }

    /** An export that a tenant-admin other than its requester may decide on. */
    private Uni<ExportRow> decidable(RequestContext context, UUID exportId) {
        return row(context, exportId).map(row -> {
            if (!AccessPolicy.mayDecideExport(context.caller().roles())) {
                throw new AccessDeniedException("only a tenant-admin may approve or refuse an export");
            }
            if (row.requestedBy().equals(context.caller().subject())) {
                throw new ExportRefusedException(
                        403,
                        "export-self-approval",
                        "Self-approval refused",
                        "an export needs two people: a tenant-admin other than its requester must decide on it");
            }
            return row;
        });
    }

    /** Reads every live subject and its records, and stores them as one file only the requester can open. */
    private Uni<ExportView> produce(RequestContext context, ExportRow row) {
        String tenant = row.tenant();
        ExportFormat format = ExportFormat.ofCode(row.format()).orElseThrow();
        return store.findSubjects(tenant)
                .flatMap(subjects -> Multi.createFrom()
                        .iterable(subjects)
                        .onItem()
                        .transformToUniAndConcatenate(subject -> resourcesOf(tenant, subject))
                        .collect()
                        .asList()
                        .flatMap(perSubject -> {
                            List<String> resources = new ArrayList<>();
                            perSubject.forEach(resources::addAll);
                            byte[] file = codec.exportFile(row.id(), resources, format, new Date());
                            byte[] jwe;
                            try {
                                jwe = RecipientCipher.seal(file, publicKey(row.publicKey()), format.mediaType());
                            } finally {
                                Arrays.fill(file, (byte) 0);
                            }
                            List<OutboxMessage> events = subjects.stream()
                                    .map(s -> outbound.accessMessage(
                                            context,
                                            s.subjectId(),
                                            s.subjectId(),
                                            AccessAction.EXPORT,
                                            AccessOutcome.ALLOWED))
                                    .toList();
                            return exports.produced(tenant, row.id(), jwe, subjects.size(), expiry, events)
                                    .invoke(() -> LOG.infof(
                                            "export %s of tenant %s produced: %d subjects, %d resources",
                                            row.id(), tenant, subjects.size(), resources.size()));
                        }))
                .chain(() -> view(tenant, row.id()));
    }

    /** A subject and its records as full FHIR resources. */
    private Uni<List<String>> resourcesOf(String tenant, StoredState subject) {
        UUID id = subject.subjectId();
        return dataKeys.keyOf(tenant, id)
                .flatMap(key -> store.findRecords(tenant, id).map(records -> {
                    List<String> resources = new ArrayList<>();
                    resources.add(render(subject, key));
                    records.forEach(r -> resources.add(render(r, key)));
                    return resources;
                }));
    }

    private String render(StoredState state, byte[] key) {
        return views.render(sealer.openState(state, key), View.FULL, state.version(), state.updatedAt());
    }

    private OutboxMessage step(RequestContext context, AccessOutcome outcome) {
        return outbound.accessMessage(context, null, null, AccessAction.EXPORT, outcome);
    }

    private Uni<ExportRow> row(RequestContext context, UUID exportId) {
        return exports.find(context.tenant(), exportId)
                .map(found -> found.orElseThrow(() -> new NotFoundException("export")));
    }

    private Uni<ExportView> view(String tenant, UUID id) {
        return exports.find(tenant, id).map(found -> toView(found.orElseThrow()));
    }

    private static ExportView toView(ExportRow row) {
        return new ExportView(
                row.id(),
                row.tenant(),
                ExportFormat.ofCode(row.format()).orElseThrow(),
                row.status(),
                row.requestedBy(),
                row.requestedAt(),
                row.decidedBy(),
                row.decidedAt(),
                row.producedAt(),
                row.expiresAt(),
                row.subjects());
    }

    private static ExportRefusedException notPending(String status) {
        return new ExportRefusedException(
                409,
                "export-not-pending",
                "Export already decided",
                "this export is " + status.toLowerCase(java.util.Locale.ROOT) + ", not waiting for a decision");
    }

    private static ExportRefusedException expired() {
        return new ExportRefusedException(
                410, "export-expired", "Export expired", "this export has expired; request a new one");
    }

    private static RSAPublicKey publicKey(String spki) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(spki)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored export key is not an RSA public key", e);
        }
    }
}
