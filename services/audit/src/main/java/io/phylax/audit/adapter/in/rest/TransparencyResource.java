package io.phylax.audit.adapter.in.rest;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.phylax.audit.adapter.in.rest.Views.ConsistencyProofView;
import io.phylax.audit.adapter.in.rest.Views.InclusionProofView;
import io.phylax.audit.adapter.in.rest.Views.TreeHeadView;
import io.phylax.audit.adapter.in.rest.Views.VerificationView;
import io.phylax.audit.application.NotFoundException;
import io.phylax.audit.application.port.out.SigningKeyPort;
import io.phylax.audit.application.service.ProofService;
import io.phylax.audit.application.service.TreeHeadService;
import io.phylax.audit.application.service.VerificationService;
import io.phylax.audit.domain.LogVerification;
import io.phylax.audit.verify.Pem;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * What makes the log checkable from outside: signed tree heads, the public key, inclusion and consistency proofs,
 * and a full re-walk. The tree spans every tenant, so heads and consistency proofs name no entry; an inclusion
 * proof is given only for an entry of the auditor's own tenant.
 */
@Path("/api/v1/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TransparencyResource {

    /** The usual media type of a PEM file. */
    static final String PEM = "application/x-pem-file";

    private final Auditors auditors;
    private final TreeHeadService treeHeads;
    private final ProofService proofs;
    private final VerificationService verification;
    private final SigningKeyPort key;
    /** phylax_audit_verification_failures_total{check}: a re-walk found the log broken (alerted on, ADR 0052). */
    private final Map<LogVerification.Problem, Counter> verificationFailures =
            new EnumMap<>(LogVerification.Problem.class);

    @Inject
    public TransparencyResource(
            Auditors auditors,
            TreeHeadService treeHeads,
            ProofService proofs,
            VerificationService verification,
            SigningKeyPort key,
            MeterRegistry registry) {
        this.auditors = auditors;
        this.treeHeads = treeHeads;
        this.proofs = proofs;
        this.verification = verification;
        this.key = key;
        for (LogVerification.Problem problem : LogVerification.Problem.values()) {
            verificationFailures.put(
                    problem,
                    Counter.builder("phylax_audit_verification_failures")
                            .tag("check", problem.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
    }

    /** The latest signed tree head, or the one of exactly {@code treeSize} entries. */
    @GET
    @Path("/tree-head")
    public Uni<TreeHeadView> treeHead(@QueryParam("treeSize") String treeSize) {
        auditors.tenant();
        Long size = QueryParams.number(treeSize, "treeSize");
        return (size == null ? treeHeads.latest() : treeHeads.at(size))
                .map(head -> Views.treeHead(head.orElseThrow(() -> new NotFoundException("no such tree head"))));
    }

    /** The Ed25519 key tree heads are signed with (X.509 SubjectPublicKeyInfo, PEM). */
    @GET
    @Path("/public-key")
    @Produces(PEM)
    public String publicKey() {
        auditors.tenant();
        return Pem.encode(key.publicKey());
    }

    /** Proof that entry {@code entry} is in the tree of {@code treeSize} entries (default: the latest signed). */
    @GET
    @Path("/proofs/inclusion")
    public Uni<InclusionProofView> inclusion(
            @QueryParam("entry") String entry, @QueryParam("treeSize") String treeSize) {
        String tenant = auditors.tenant();
        long seq = QueryParams.requiredNumber(entry, "entry");
        Long size = QueryParams.number(treeSize, "treeSize");
        return proofs.inclusion(tenant, seq, size)
                .map(proof -> new InclusionProofView(
                        "inclusion",
                        proof.entry().entry().seq(),
                        proof.treeSize(),
                        Views.entry(proof.entry()),
                        Views.base64(proof.entry().leafHash()),
                        Views.hashes(proof.auditPath()),
                        Views.treeHead(proof.treeHead().orElse(null))));
    }

    /** Proof that the tree of {@code to} entries (default: the latest signed) extends the tree of {@code from}. */
    @GET
    @Path("/proofs/consistency")
    public Uni<ConsistencyProofView> consistency(@QueryParam("from") String from, @QueryParam("to") String to) {
        auditors.tenant();
        long fromSize = QueryParams.requiredNumber(from, "from");
        Long toSize = QueryParams.number(to, "to");
        return proofs.consistency(fromSize, toSize)
                .map(proof -> new ConsistencyProofView(
                        "consistency",
                        proof.fromSize(),
                        proof.toSize(),
                        Views.hashes(proof.proof()),
                        Views.treeHead(proof.fromTreeHead().orElse(null)),
                        Views.treeHead(proof.toTreeHead().orElse(null))));
    }

    /** Re-walks the hash chain and the tree against every signed head; names the first broken entry. */
    @POST
    @Path("/verify")
    public Uni<VerificationView> verify() {
        auditors.tenant();
        return verification
                .verify()
                .invoke(result -> {
                    if (!result.consistent()) {
                        verificationFailures.get(result.problem()).increment();
                    }
                })
                .map(Views::verification);
    }
}
