package io.phylax.vault.domain.access;

/**
 * Where a subject stands for a clinician: on their care team (normal scope), reachable under an unexpired
 * break-glass grant (read-only), or outside their scope.
 */
public enum Scope {
    CARE_TEAM,
    BREAK_GLASS,
    OUTSIDE
}
