-- The W3C trace context of the request that wrote an outbox row, so the relay can put it in the Kafka headers
-- and consumers continue the clinic's trace (issue 8). Ids only: the check admits nothing but a traceparent.
ALTER TABLE outbox ADD COLUMN trace_parent text
    CHECK (trace_parent IS NULL OR trace_parent ~ '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');
