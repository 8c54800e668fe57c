-- Checks that a pipelined commit makes inside its own transaction (ADR 0093). Its statements leave together, so
-- the service cannot look at one answer before sending the next: a condition that must stop the transaction
-- raises here instead, which aborts it, and the COMMIT sent behind it then rolls everything back.

-- Optimistic concurrency: the projection moved from the expected version to the next, or nothing commits.
CREATE FUNCTION vault_expect_advanced(advanced bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF advanced <> 1 THEN
        RAISE EXCEPTION 'stream version moved on' USING ERRCODE = 'PH409';
    END IF;
END
$$;

-- A closed tenant's account registers nothing (ADR 0019). Runs as the caller, under row-level security.
CREATE FUNCTION vault_expect_open_tenant(tenant_name text) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM tenant_closure c WHERE c.tenant = tenant_name) THEN
        RAISE EXCEPTION 'tenant closed' USING ERRCODE = 'PH403';
    END IF;
END
$$;

REVOKE ALL ON FUNCTION vault_expect_advanced(bigint), vault_expect_open_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vault_expect_advanced(bigint), vault_expect_open_tenant(text) TO ${runtime_role};
