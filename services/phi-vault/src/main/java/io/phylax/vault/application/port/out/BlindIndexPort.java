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

    /**
     * Up to limit live subjects of the tenant in id order after the given one (null: from the start), with the
     * version of their current state.
     */
    Uni<List<SubjectVersion>> liveSubjects(String tenant, UUID after, int limit);

    /**
     * Replaces a subject's index terms, unless its state has moved past {@code version} meanwhile (then the
     * change that moved it has indexed it already). Serialised with the subject's commits.
     *
     * @return false if the subject had moved on or is gone
     */
    Uni<Boolean> reindex(String tenant, UUID subjectId, long version, List<String> termHashes);

    /** A subject and the version of its current state. */
    record SubjectVersion(UUID subjectId, long version) {}
}
