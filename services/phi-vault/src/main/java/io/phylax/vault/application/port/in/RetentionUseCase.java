package io.phylax.vault.application.port.in;

import java.util.Optional;

/** A tenant-admin's retention policy for inactive subjects. */
public interface RetentionUseCase {

    /** Days of inactivity after which a subject is erased; empty when the tenant has no policy. */
    Optional<Integer> policy(RequestContext context);

    void setPolicy(RequestContext context, int inactiveAfterDays);
}
