package io.phylax.audit.adapter.out.persistence;

/** PostgreSQL advisory lock keys of the audit database, one per thing that must happen on one replica at a time. */
public final class Locks {

    /** Held (transaction-scoped) while appending: sequence numbers and chain links are decided one writer at a time. */
    public static final long APPEND = 0x7068796c_61780201L;

    /** Held (transaction-scoped) while extending the tree and signing a head: one signer per round in the cluster. */
    public static final long TREE_HEAD = 0x7068796c_61780202L;

    private Locks() {}
}
