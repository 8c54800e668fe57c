package io.phylax.vault.application.port.out;

import io.phylax.contract.AccessEvent;
import io.smallrye.mutiny.Uni;

/**
 * Makes an access event durable. The returned Uni completes only once the event is committed, so no PHI
 * leaves the vault before the record of its access exists.
 */
public interface RecordAccessPort {

    Uni<Void> record(AccessEvent event);
}
