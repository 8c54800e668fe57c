-- Blind index (ADR 0014): exact-match search on Patient identifiers and e-mail addresses through a keyed
-- HMAC-SHA256 per tenant. Neither the searched value nor anything derived from it without the key is stored.

-- One HMAC key per tenant: random, wrapped by the tenant's key-encryption key under its own associated data
-- (it can never be taken for a data key), and rewrapped with the data keys when the KEK rotates.
CREATE TABLE blind_index_key (
    tenant      text        PRIMARY KEY,
    provider    text        NOT NULL,
    kek_version integer     NOT NULL,
    wrapped     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Which subject carries which index term (hex HMAC of the normalised term), replaced in the transaction of
-- every create and update, deleted when the subject is erased.
CREATE TABLE blind_index (
    tenant     text NOT NULL,
    term_hash  text NOT NULL,
    subject_id uuid NOT NULL,
    CONSTRAINT blind_index_pkey PRIMARY KEY (tenant, term_hash, subject_id)
);
CREATE INDEX blind_index_subject ON blind_index (subject_id);

REVOKE ALL ON blind_index_key, blind_index FROM PUBLIC;
GRANT SELECT, INSERT ON blind_index_key TO ${runtime_role};
GRANT SELECT, INSERT, DELETE ON blind_index TO ${runtime_role};
