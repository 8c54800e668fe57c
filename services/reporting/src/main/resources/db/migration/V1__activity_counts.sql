-- Reporting's aggregates and the ids of the events already counted (ADR 0031).
-- Migrations run as the database owner; ${runtime_role} is the role the service runs as.
-- No subject id, stream id, correlation id or anything else that points at a person is stored here.

-- How many reference events of one type a tenant had on one UTC day. record_type is the FHIR resource
-- type for record events and NULL for subject events (PatientRegistered, PatientUpdated, SubjectErased).
CREATE TABLE activity_count (
    tenant      text   NOT NULL CHECK (tenant ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    day         date   NOT NULL,
    event_type  text   NOT NULL CHECK (event_type IN
                    ('PatientRegistered', 'PatientUpdated', 'RecordAdded', 'RecordAmended', 'SubjectErased')),
    record_type text   CHECK (record_type IN
                    ('Observation', 'Appointment', 'Communication', 'DocumentReference', 'QuestionnaireResponse')),
    count       bigint NOT NULL CHECK (count > 0),
    -- Record events carry a record type, subject events never do (the contract's rule, kept here too).
    CONSTRAINT activity_count_record_type_matches
        CHECK ((event_type IN ('RecordAdded', 'RecordAmended')) = (record_type IS NOT NULL)),
    -- One row per key, subject events included: NULLS NOT DISTINCT makes the NULL record type a key value,
    -- so the upsert finds the existing row instead of adding another.
    CONSTRAINT activity_count_key UNIQUE NULLS NOT DISTINCT (tenant, day, event_type, record_type)
);

-- Every event id counted, written in the same transaction as the increment: a redelivered event finds
-- its id here and changes nothing.
CREATE TABLE processed_event (
    event_id     uuid        PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);

REVOKE ALL ON activity_count, processed_event FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON activity_count TO ${runtime_role};
GRANT SELECT, INSERT ON processed_event TO ${runtime_role};
