-- Delivery records of the notification service (ADR 0040): one row per event id, ids and codes only.
-- No address, no message content, no subject id: nothing here links a row to a person without the vault.
-- Migrations run as the database owner; ${runtime_role} is the role the service runs as.

CREATE TABLE delivery (
    event_id      uuid        PRIMARY KEY,
    status        text        NOT NULL
                              CHECK (status IN ('PENDING', 'SENT', 'SKIPPED_NO_CHANNEL', 'FAILED', 'IGNORED')),
    -- The kind of channel the vault named, never the address.
    channel       text        CHECK (channel IN ('email', 'none', 'unsupported')),
    attempts      integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- An error kind (a code such as SMTP_UNAVAILABLE), never an error message: messages can quote the address.
    last_error    text        CHECK (last_error ~ '^[A-Z][A-Z_]{0,63}$'),
    -- The claim of the consumer working on a PENDING delivery; a lapsed claim may be taken over.
    claim_token   uuid,
    claimed_until timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT delivery_claim_only_while_pending CHECK (status = 'PENDING' OR claim_token IS NULL)
);

-- Operators look for deliveries stuck or failed.
CREATE INDEX delivery_unfinished ON delivery (updated_at) WHERE status IN ('PENDING', 'FAILED');

REVOKE ALL ON delivery FROM PUBLIC;
-- No DELETE: a record is the proof that an event was handled, which is what keeps a notice from going twice.
GRANT SELECT, INSERT, UPDATE ON delivery TO ${runtime_role};
