package io.phylax.vault.application.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * Export requests and their encrypted files; every query carries the tenant. Each step is stored in one
 * transaction with its access events. Times are the database's.
 */
public interface ExportPort {

    /** An export as stored, without its file. */
    record ExportRow(
            UUID id,
            String tenant,
            String format,
            String publicKey,
            String status,
            String requestedBy,
            Instant requestedAt,
            String decidedBy,
            Instant decidedAt,
            Instant producedAt,
            Instant expiresAt,
            Integer subjects) {}

    /** A new REQUESTED export, with the requester's token issuer kept beside their user id. */
    Uni<Void> insert(ExportRow row, String requesterIssuer, OutboxMessage accessEvent);

    Uni<Optional<ExportRow>> find(String tenant, UUID id);

    /**
     * Moves a REQUESTED export to {@code status} decided by {@code by}, unless {@code by} requested it.
     *
     * @return false if the export was not REQUESTED any more (or the decider is the requester)
     */
    Uni<Boolean> decide(String tenant, UUID id, String status, String by, OutboxMessage accessEvent);

    /** Stores the produced file of an APPROVED export, expiring after {@code expiry}, with one event per subject. */
    Uni<Void> produced(
            String tenant, UUID id, byte[] payload, int subjects, Duration expiry, List<OutboxMessage> accessEvents);

    /**
     * The file of a PRODUCED, unexpired export, counted as one more download in the same transaction as its
     * access event; empty if it expired meanwhile. Expired files are emptied on the way.
     */
    Uni<Optional<byte[]>> takeFile(String tenant, UUID id, OutboxMessage accessEvent);
}
