package io.phylax.vault.application.port.in;

import java.time.Instant;
import java.util.Optional;

/** Closes a tenant's account (operators, ADR 19): every subject erased, keys destroyed, a final report. */
public interface TenantClosureUseCase {

    /**
     * Progress while the closure runs, and the final report once {@code finishedAt} is set.
     *
     * @param dataKeysDestroyed  one per erased subject, plus any key left without a live subject
     * @param indexKeysDestroyed the tenant's blind-index keys (one per key scope)
     * @param exportFilesEmptied produced exports whose (requester-encrypted) files were emptied
     */
    record ClosureReport(
            String tenant,
            String requestedBy,
            Instant startedAt,
            Instant finishedAt,
            long subjectsErased,
            long dataKeysDestroyed,
            int indexKeysDestroyed,
            int exportFilesEmptied) {}

    /** Starts the closure (or resumes an unfinished one) in the background; the tenant is closed at once. */
    ClosureReport close(String tenant, String operator);

    Optional<ClosureReport> report(String tenant);
}
