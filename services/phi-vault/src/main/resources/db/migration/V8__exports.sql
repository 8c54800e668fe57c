-- Bulk exports with two-person approval (ADR 0018). One row per export: who asked, who decided, and the
-- produced file, encrypted for the requester's public key (the vault cannot read it back).
CREATE TABLE export_request (
    id                  uuid        PRIMARY KEY,
    tenant              text        NOT NULL,
    format              text        NOT NULL CHECK (format IN ('ndjson', 'bundle')),
    -- The requester's RSA public key (SPKI, base64): neither secret nor PHI.
    public_key          text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('REQUESTED', 'APPROVED', 'REFUSED', 'PRODUCED')),
    requested_by        text        NOT NULL,
    requested_by_issuer text        NOT NULL,
    requested_at        timestamptz NOT NULL DEFAULT now(),
    decided_by          text,
    decided_at          timestamptz,
    produced_at         timestamptz,
    expires_at          timestamptz,
    subjects            integer,
    -- A JWE (RSA-OAEP-256, A256GCM) for the requester; emptied once expired.
    payload             bytea,
    downloads           integer     NOT NULL DEFAULT 0,
    last_downloaded_at  timestamptz,
    -- The two-person rule, also where the service cannot forget it: nobody decides on their own request.
    CONSTRAINT export_request_two_people CHECK (decided_by IS NULL OR decided_by <> requested_by)
);
CREATE INDEX export_request_tenant ON export_request (tenant, requested_at);

REVOKE ALL ON export_request FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON export_request TO ${runtime_role};
