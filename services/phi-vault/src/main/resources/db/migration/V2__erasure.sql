-- Crypto-shredding (ADR 0013): erasure destroys the subject's data key and leaves a tombstone.

-- When a stream's subject was erased; its ciphertext stays, unreadable without the destroyed key.
ALTER TABLE stream_state ADD COLUMN erased_at timestamptz;

-- Who erased which subject, when and why (a reason code): no PHI.
CREATE TABLE subject_erasure (
    subject_id    uuid        PRIMARY KEY,
    tenant        text        NOT NULL,
    erased_at     timestamptz NOT NULL,
    actor_issuer  text        NOT NULL,
    actor_subject text        NOT NULL,
    actor_client  text,
    reason        text        NOT NULL
);

REVOKE ALL ON subject_erasure FROM PUBLIC;
GRANT SELECT, INSERT ON subject_erasure TO ${runtime_role};
-- Destroying a data key is the one deletion the service may make.
GRANT DELETE ON data_key TO ${runtime_role};
