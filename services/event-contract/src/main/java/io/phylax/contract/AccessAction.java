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
    /** A step of a bulk export (requested, approved, refused, produced, downloaded). */
    EXPORT,
    /**
     * Broke the glass: asked for time-boxed emergency read access to a subject outside the actor's normal
     * scope. Reads made under that access are READ, LIST or HISTORY with purpose ETREAT.
     */
    BREAK_GLASS,
    /** Erased a subject (destroyed its data key). */
    ERASE
}
