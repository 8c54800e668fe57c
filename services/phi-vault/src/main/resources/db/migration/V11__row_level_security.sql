-- Row-level security per tenant (ADR 0024, issue 7): a bug in a query cannot cross tenants. Every table with a
-- tenant column admits to the runtime role only the rows of the tenant its transaction set with
-- set_config('phylax.tenant', <tenant>, true). A transaction that set no tenant sees and writes nothing.
-- The outbox has no tenant column (its rows are already-encrypted, PHI-free messages) and stays without RLS.

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['vault_event', 'stream_state', 'data_key', 'idempotency_key', 'subject_erasure',
            'blind_index_key', 'blind_index', 'tenant_key_policy', 'rewrap_job', 'retention_policy', 'care_team',
            'break_glass_grant', 'export_request', 'tenant_closure'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        -- FORCE: the owner is subject to policies too, so its access is the explicit policy below, not a bypass.
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        -- missing_ok = true: an unset setting is NULL (or '' once a local setting ended), equal to no tenant.
        EXECUTE format('CREATE POLICY tenant_isolation ON %I TO ${runtime_role}'
                       ' USING (tenant = current_setting(''phylax.tenant'', true))'
                       ' WITH CHECK (tenant = current_setting(''phylax.tenant'', true))', t);
        -- The owner (migrations, operators' maintenance, the listing functions below) sees every tenant. It
        -- could disable RLS on its own tables anyway; the runtime role is the one that must be contained.
        EXECUTE format('CREATE POLICY owner_maintenance ON %I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
    END LOOP;
END
$$;

-- The cluster jobs must find which tenants have work before they can set one. These functions run as the
-- owner and return tenant names (and a retention period) only: never a row of PHI-bearing tables.
CREATE FUNCTION vault_retention_policies() RETURNS TABLE (tenant text, inactive_after_days integer)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT p.tenant, p.inactive_after_days FROM public.retention_policy p ORDER BY p.tenant $$;

CREATE FUNCTION vault_unfinished_rewrap_jobs() RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT j.tenant FROM public.rewrap_job j WHERE j.finished_at IS NULL ORDER BY j.tenant $$;

CREATE FUNCTION vault_unfinished_closures() RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT c.tenant FROM public.tenant_closure c WHERE c.finished_at IS NULL ORDER BY c.tenant $$;

REVOKE ALL ON FUNCTION vault_retention_policies(), vault_unfinished_rewrap_jobs(), vault_unfinished_closures()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vault_retention_policies(), vault_unfinished_rewrap_jobs(), vault_unfinished_closures()
    TO ${runtime_role};
