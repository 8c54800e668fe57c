package io.phylax.vault.application.port.in;

import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.UUID;

import io.phylax.vault.domain.ExportFormat;
import io.smallrye.mutiny.Uni;

/**
 * Bulk export of a tenant's subjects with two-person approval (ADR 18): requested by a clinician or a
 * tenant-admin, approved or refused by a different tenant-admin, produced encrypted for the requester, and
 * downloadable by the requester alone until it expires.
 */
public interface ExportUseCase {

    /** Where an export stands; never its content. */
    record ExportView(
            UUID id,
            String tenant,
            ExportFormat format,
            String status,
            String requestedBy,
            Instant requestedAt,
            String decidedBy,
            Instant decidedAt,
            Instant producedAt,
            Instant expiresAt,
            Integer subjects) {}

    /** The produced file: a JWE for the requester's key, and the media type of what it holds. */
    record ExportFile(UUID id, byte[] jwe, String contentType) {}

    Uni<ExportView> request(RequestContext context, ExportFormat format, RSAPublicKey requesterKey);

    /** Approves (a different tenant-admin) and produces the export. */
    Uni<ExportView> approve(RequestContext context, UUID exportId);

    Uni<ExportView> refuse(RequestContext context, UUID exportId);

    Uni<ExportView> status(RequestContext context, UUID exportId);

    Uni<ExportFile> download(RequestContext context, UUID exportId);

    /**
     * An export step refused for its state or its people: self-approval, not approved yet, expired. An access
     * denial (recorded as such), with the problem it answers.
     */
    class ExportRefusedException extends AccessDeniedException {

        private final int status;
        private final String type;
        private final String title;

        public ExportRefusedException(int status, String type, String title, String detail) {
            super(detail);
            this.status = status;
            this.type = type;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }

        public String title() {
            return title;
        }
    }
}
