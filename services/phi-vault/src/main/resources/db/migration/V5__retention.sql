-- Retention of inactive subjects (ADR 0016): a policy per tenant; the job erases by crypto-shredding (ADR 0013).
CREATE TABLE retention_policy (
    tenant              text        PRIMARY KEY,
    inactive_after_days integer     NOT NULL CHECK (inactive_after_days > 0),
    updated_at          timestamptz NOT NULL,
    updated_by          text        NOT NULL
);

REVOKE ALL ON retention_policy FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON retention_policy TO ${runtime_role};
