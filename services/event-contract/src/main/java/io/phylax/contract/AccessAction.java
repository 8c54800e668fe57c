package io.phylax.contract;

/** What an actor did, or tried to do, at the vault. */
public enum AccessAction {
    /** Read the current state of a subject or record. */
    READ,
    /** Searched by blind index; the event names the hit, if any. */
    SEARCH,
    /** Read the history (past versions) of a stream. */
    HISTORY,
    /** Listed the records of a subject. */
    LIST,
    CREATE,
    UPDATE,
    /** Exported a subject's data out of the vault. */
    EXPORT,
    /** Read under emergency access, outside the actor's normal permissions. */
    BREAK_GLASS,
    /** Erased a subject (destroyed its data key). */
    ERASE
}
