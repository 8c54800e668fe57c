-- The audit log, its Merkle tree and signed tree heads (ADR 0020, 0021).
-- Migrations run as the database owner; ${runtime_role} is the role the service runs as.
-- Nothing here is PHI: ids, codes, token subjects, times and hashes only.

-- Every reference and access event the vault published, once each, in the order stored. Append-only: the
-- service role may insert and read, never update or delete; a trigger refuses changes even to the owner.
CREATE TABLE audit_entry (
    seq            bigint      PRIMARY KEY CHECK (seq >= 0), -- position in the log = Merkle leaf index
    event_id       uuid        NOT NULL UNIQUE,               -- the vault's event id: stored once
    kind           text        NOT NULL CHECK (kind IN ('reference', 'access')),
    tenant         text        NOT NULL,
    subject_id     uuid,
    stream_id      uuid,
    stream_type    text,                                      -- reference events
    record_type    text,                                      -- reference events on record streams
    stream_version bigint,                                    -- reference events
    actor_issuer   text,                                      -- access events: who, by verified token
    actor_subject  text,
    actor_client   text,
    action         text        NOT NULL,                      -- access action or reference event type
    outcome        text,                                      -- access events
    purpose        text,                                      -- HL7 PurposeOfUse code, when declared
    occurred_at    timestamptz NOT NULL,
    correlation_id text        NOT NULL,
    received_at    timestamptz NOT NULL,
    leaf_hash      bytea       NOT NULL CHECK (length(leaf_hash) = 32),  -- SHA-256(0x00 || canonical entry)
    entry_hash     bytea       NOT NULL CHECK (length(entry_hash) = 32), -- SHA-256(previous entry_hash || canonical)
    CONSTRAINT audit_entry_kind_fields CHECK (
        (kind = 'access' AND actor_subject IS NOT NULL AND outcome IS NOT NULL AND stream_version IS NULL)
        OR (kind = 'reference' AND actor_subject IS NULL AND outcome IS NULL AND stream_version IS NOT NULL))
);
-- Auditors' searches are tenant-scoped and paged by seq.
CREATE INDEX audit_entry_tenant_seq ON audit_entry (tenant, seq);
CREATE INDEX audit_entry_tenant_subject ON audit_entry (tenant, subject_id, seq);
CREATE INDEX audit_entry_tenant_actor ON audit_entry (tenant, actor_subject, seq);

-- Hashes of the complete perfect subtrees of two or more entries: node (level, idx) covers entries
-- [idx * 2^level, (idx + 1) * 2^level). Written when a tree head is signed, so proofs need O(log^2 n) reads.
CREATE TABLE merkle_node (
    level smallint NOT NULL CHECK (level BETWEEN 1 AND 62),
    idx   bigint   NOT NULL CHECK (idx >= 0),
    hash  bytea    NOT NULL CHECK (length(hash) = 32),
    CONSTRAINT merkle_node_pkey PRIMARY KEY (level, idx)
);

-- Signed tree heads (RFC 6962 style): the size and Merkle root of the log at a moment, signed with Ed25519.
CREATE TABLE tree_head (
    tree_size    bigint PRIMARY KEY CHECK (tree_size >= 0),
    timestamp_ms bigint NOT NULL, -- as signed: milliseconds since the epoch
    root_hash    bytea  NOT NULL CHECK (length(root_hash) = 32),
    key_id       bytea  NOT NULL, -- SHA-256 of the signing key's SubjectPublicKeyInfo
    signature    bytea  NOT NULL
);

-- Append-only for everyone: an owner who wants to change history has to disable these first, visibly.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER merkle_node_append_only BEFORE UPDATE OR DELETE ON merkle_node
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER merkle_node_no_truncate BEFORE TRUNCATE ON merkle_node
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER tree_head_append_only BEFORE UPDATE OR DELETE ON tree_head
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER tree_head_no_truncate BEFORE TRUNCATE ON tree_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

REVOKE ALL ON audit_entry, merkle_node, tree_head FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_refuse_change() FROM PUBLIC;
GRANT SELECT, INSERT ON audit_entry TO ${runtime_role};
GRANT SELECT, INSERT ON merkle_node TO ${runtime_role};
GRANT SELECT, INSERT ON tree_head TO ${runtime_role};
