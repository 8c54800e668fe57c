package io.phylax.vault.domain;

/** Why a subject was erased; a code, never free text, so the tombstone holds no PHI. */
public enum ErasureReason {
    PATIENT_REQUEST,
    RETENTION_POLICY,
    TENANT_CLOSURE,
    LEGAL_ORDER,
    DUPLICATE_RECORD
}
