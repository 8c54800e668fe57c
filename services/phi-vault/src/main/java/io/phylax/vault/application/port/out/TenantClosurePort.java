package io.phylax.vault.application.port.out;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.phylax.vault.application.port.in.TenantClosureUseCase.ClosureReport;
import io.phylax.vault.application.port.out.KeyInventoryPort.Lease;

/** Tenant closures and what they destroy. Blocking (the closure job runs on its own thread). */
public interface TenantClosurePort {

    /** Records the closure (closing the tenant to registrations) unless it exists; answers the stored row. */
    ClosureReport start(String tenant, String by);

    Optional<ClosureReport> find(String tenant);

    /** Up to limit live subjects of the tenant, in id order after the given one. */
    List<UUID> liveSubjects(String tenant, UUID after, int limit);

    /** Subjects of the tenant erased by the closure (counted from their tombstones, exact after any crash). */
    long erasedByClosure(String tenant, String closureActor);

    void progress(String tenant, long subjectsErased);

    /**
     * Destroys what is left of the tenant's keys and files in one transaction (data keys without a live
     * subject, blind-index keys and terms, produced export files) and finishes the report.
     */
    ClosureReport finish(String tenant, long subjectsErased);

    /** Tenants whose closure has not finished (to resume after a restart). */
    List<String> unfinished();

    Optional<Lease> tryLock(String job);
}
