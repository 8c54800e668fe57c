package io.phylax.contract;

/** How the vault answered an access. Only {@link #ALLOWED} means PHI left the vault. */
public enum AccessOutcome {
    ALLOWED,
    DENIED,
    /** Nothing matched, or it belongs to another tenant (the two look the same to the caller). */
    NOT_FOUND,
    /** A ciphertext failed authentication: it was altered, swapped or copied from elsewhere. */
    INTEGRITY_FAILURE,
    /** The data key could not be unwrapped: the key service was unreachable, or the subject was erased. */
    KEY_UNAVAILABLE
}
