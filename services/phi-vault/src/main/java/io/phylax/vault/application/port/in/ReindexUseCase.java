package io.phylax.vault.application.port.in;

/**
 * Rebuilds a tenant's blind index from the subjects' current state (operators): for subjects registered before
 * the index existed, or after a change to what is indexed. Idempotent, so an interrupted run is simply started
 * again.
 */
public interface ReindexUseCase {

    /** Starts the re-index in the background; false if a replica is already running it for the tenant. */
    boolean startReindex(String tenant, String operator);
}
