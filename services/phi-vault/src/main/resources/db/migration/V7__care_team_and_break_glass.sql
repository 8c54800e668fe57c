-- Care teams and break-glass (ADR 0017): a clinician's normal scope is the subjects whose care team they are on;
-- outside it they may read only under a time-boxed break-glass grant with a stated reason.

-- Who is on a subject's care team: user ids (token subjects) of clinicians. No PHI.
CREATE TABLE care_team (
    tenant     text        NOT NULL,
    subject_id uuid        NOT NULL,
    member     text        NOT NULL,
    added_at   timestamptz NOT NULL DEFAULT now(),
    added_by   text        NOT NULL,
    CONSTRAINT care_team_pkey PRIMARY KEY (tenant, subject_id, member)
);

-- One row per break-glass: who, which subject, why (a code in clear; the free text only as ciphertext under the
-- subject's data key, so it is shredded with the subject) and until when. Expiry is compared with the database
-- clock at every read; nothing has to run for a grant to end.
CREATE TABLE break_glass_grant (
    id               uuid        PRIMARY KEY,
    tenant           text        NOT NULL,
    subject_id       uuid        NOT NULL,
    member           text        NOT NULL,
    actor_issuer     text        NOT NULL,
    actor_client     text,
    reason_code      text        NOT NULL,
    reason_text      bytea       NOT NULL,
    granted_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    CHECK (expires_at > granted_at)
);
CREATE INDEX break_glass_grant_lookup ON break_glass_grant (tenant, subject_id, member, expires_at);

REVOKE ALL ON care_team, break_glass_grant FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON care_team TO ${runtime_role};
-- Grants are evidence: the service may add them, never change or remove them.
GRANT SELECT, INSERT ON break_glass_grant TO ${runtime_role};
