package io.phylax.vault.application.port.out;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Retention policies and the subjects past them. Blocking (the retention job runs on its own thread). */
public interface RetentionPort {

    /** Every tenant's policy: days of inactivity after which a subject is erased. */
    Map<String, Integer> policies();

    Optional<Integer> policy(String tenant);

    void setPolicy(String tenant, int inactiveAfterDays, String by);

    /**
     * Up to limit live subjects of the tenant whose last change (to the subject or any of its records) is
     * older than the given days, in subject order after the given one.
     */
    List<UUID> inactiveSubjects(String tenant, int days, UUID after, int limit);

    /** The cluster-wide claim on a job, if no other replica holds it. */
    Optional<KeyInventoryPort.Lease> tryLock(String job);
}
