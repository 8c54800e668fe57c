-- The vault's event store, projections, data keys, outbox and idempotency keys (ADR 0004, 0008, 0009).
-- Migrations run as the database owner; ${runtime_role} is the role the service runs as.

-- Every change to a subject or record stream. Append-only: the service role may insert and read, never
-- update or delete. Only ids, types, versions, times and actor ids are in clear; the body is ciphertext.
CREATE TABLE vault_event (
    stream_id     uuid        NOT NULL,
    version       bigint      NOT NULL CHECK (version > 0),
    event_id      uuid        NOT NULL UNIQUE,
    tenant        text        NOT NULL,
    subject_id    uuid        NOT NULL,
    stream_type   text        NOT NULL CHECK (stream_type IN ('subject', 'record')),
    record_type   text,
    event_type    text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    actor_issuer  text        NOT NULL,
    actor_subject text        NOT NULL,
    actor_client  text,
    ciphertext    bytea       NOT NULL,
    -- Optimistic concurrency: two appends at the same expected version cannot both succeed.
    CONSTRAINT vault_event_pkey PRIMARY KEY (stream_id, version)
);
CREATE INDEX vault_event_tenant_subject ON vault_event (tenant, subject_id);

-- Current state of each stream (subjects and records), kept in the same transaction as the events.
CREATE TABLE stream_state (
    stream_id     uuid        PRIMARY KEY,
    tenant        text        NOT NULL,
    subject_id    uuid        NOT NULL,
    resource_type text        NOT NULL,
    version       bigint      NOT NULL CHECK (version > 0),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    ciphertext    bytea       NOT NULL
);
CREATE INDEX stream_state_tenant_subject ON stream_state (tenant, subject_id, created_at);

-- One data key per subject, wrapped by the tenant's key-encryption key. Its own table so that its backup
-- retention can be shorter than the event store's (crypto-shredding reaches backups).
CREATE TABLE data_key (
    subject_id   uuid        PRIMARY KEY,
    tenant       text        NOT NULL,
    provider     text        NOT NULL,
    kek_version  integer     NOT NULL,
    wrapped      text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    destroyed_at timestamptz
);

-- Transactional outbox: reference and access events to publish, in commit order per subject.
CREATE TABLE outbox (
    id           bigserial   PRIMARY KEY,
    event_id     uuid        NOT NULL UNIQUE,
    topic        text        NOT NULL,
    message_key  text        NOT NULL,
    payload      bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Idempotency-Key (hashed) → the subject its first request created.
CREATE TABLE idempotency_key (
    tenant     text        NOT NULL,
    key_hash   text        NOT NULL, -- hex SHA-256 of tenant and key
    subject_id uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_key_pkey PRIMARY KEY (tenant, key_hash)
);

REVOKE ALL ON vault_event, stream_state, data_key, outbox, idempotency_key FROM PUBLIC;
GRANT SELECT, INSERT ON vault_event TO ${runtime_role};
GRANT SELECT, INSERT, UPDATE ON stream_state TO ${runtime_role};
GRANT SELECT, INSERT ON data_key TO ${runtime_role};
GRANT SELECT, INSERT, UPDATE ON outbox TO ${runtime_role};
GRANT USAGE ON SEQUENCE outbox_id_seq TO ${runtime_role};
GRANT SELECT, INSERT ON idempotency_key TO ${runtime_role};
