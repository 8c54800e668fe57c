package io.phylax.vault.application.port.out;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * The blind index: each tenant's wrapped HMAC key and which subjects carry which index term. The rows
 * themselves are written with a {@link Commit}, in the transaction of the change they index.
 */
public interface BlindIndexPort {

    Uni<Optional<WrappedIndexKey>> findIndexKey(String tenant);

    /** Stores the tenant's first index key; if another replica stored one first, that one is returned. */
    Uni<WrappedIndexKey> saveIndexKeyIfAbsent(WrappedIndexKey key);

    /** Subjects of the tenant whose index holds this term hash. */
    Uni<List<UUID>> findSubjects(String tenant, String termHash);
}
