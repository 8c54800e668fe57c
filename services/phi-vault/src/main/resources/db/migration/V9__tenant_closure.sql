-- Tenant account closure (ADR 0019): every subject erased as retention does, then the tenant's remaining keys
-- destroyed; the row is the closure's progress while it runs and its final report afterwards. Its presence also
-- closes the tenant to new registrations.
CREATE TABLE tenant_closure (
    tenant               text        PRIMARY KEY,
    requested_by         text        NOT NULL,
    started_at           timestamptz NOT NULL DEFAULT now(),
    finished_at          timestamptz,
    subjects_erased      bigint      NOT NULL DEFAULT 0,
    data_keys_destroyed  bigint      NOT NULL DEFAULT 0,
    index_keys_destroyed integer     NOT NULL DEFAULT 0,
    export_files_emptied integer     NOT NULL DEFAULT 0
);

REVOKE ALL ON tenant_closure FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON tenant_closure TO ${runtime_role};
-- A closed tenant's blind-index key goes too (the only deletion of it the service may make).
GRANT DELETE ON blind_index_key TO ${runtime_role};
