-- A tenant's blind-index key per key scope (ADR 0014). Production uses one scope (''). In a shared development
-- database the running service and the tests wrap with different keyrings (or key services) that cannot open
-- each other's keys, so each keeps its own index key instead of failing on the other's.
ALTER TABLE blind_index_key ADD COLUMN key_scope text NOT NULL DEFAULT '';
ALTER TABLE blind_index_key DROP CONSTRAINT blind_index_key_pkey;
ALTER TABLE blind_index_key ADD CONSTRAINT blind_index_key_pkey PRIMARY KEY (tenant, key_scope);
