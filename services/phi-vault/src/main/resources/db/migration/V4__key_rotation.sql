-- Key rotation and rewrap (ADR 0015): wrapped keys move to a tenant's newest KEK version in place.

-- The rewrap job updates a wrapped key in place; nothing else about a key row may change. rewraps counts how
-- often a key was rewrapped, so an interrupted and resumed job can be shown to have done each key once.
ALTER TABLE data_key ADD COLUMN rewraps integer NOT NULL DEFAULT 0;
ALTER TABLE blind_index_key ADD COLUMN rewraps integer NOT NULL DEFAULT 0;
GRANT UPDATE (provider, kek_version, wrapped, rewraps) ON data_key TO ${runtime_role};
GRANT UPDATE (provider, kek_version, wrapped, rewraps) ON blind_index_key TO ${runtime_role};

-- Per tenant: the lowest KEK version a wrapped key may still use. Raised only when no key is below it.
CREATE TABLE tenant_key_policy (
    tenant      text        PRIMARY KEY,
    min_version integer     NOT NULL CHECK (min_version > 0),
    updated_at  timestamptz NOT NULL,
    updated_by  text        NOT NULL
);

-- The last rewrap job per tenant: its target version and progress. An unfinished row is resumed.
CREATE TABLE rewrap_job (
    tenant         text        PRIMARY KEY,
    target_version integer     NOT NULL,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    rewrapped      bigint      NOT NULL DEFAULT 0,
    failed         bigint      NOT NULL DEFAULT 0
);

REVOKE ALL ON tenant_key_policy, rewrap_job FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON tenant_key_policy, rewrap_job TO ${runtime_role};
