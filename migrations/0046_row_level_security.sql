-- Row-level security on every tenant table: the second wall behind the route guards (db/access.ts).
-- Custom migration (drizzle-kit generate --custom): drizzle-kit cannot express FORCE or idempotent roles.
-- Idempotent and Neon-safe: NOLOGIN roles without attributes need only CREATEROLE, which Neon's
-- project owner has; nothing here needs a superuser.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wib_tenant') THEN
    CREATE ROLE wib_tenant NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wib_system') THEN
    CREATE ROLE wib_system NOLOGIN;
  END IF;
END $$;
--> statement-breakpoint
-- The login role (whoever migrates, and the Worker's DATABASE_URL user) picks one of them per connection.
GRANT wib_tenant, wib_system TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO wib_tenant, wib_system;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO wib_tenant, wib_system;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO wib_tenant, wib_system;
--> statement-breakpoint
-- Tables later migrations create (as the same login role) are granted the same.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO wib_tenant, wib_system;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO wib_tenant, wib_system;
--> statement-breakpoint
-- One table's wall: RLS enabled and forced (its owner too), a member sees rows where `visible`
-- holds, the system every row. Re-creating the policies makes it safe to run again.
CREATE OR REPLACE FUNCTION wib_isolate_table(table_name text, visible text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', table_name);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', table_name);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', table_name);
  EXECUTE format('CREATE POLICY tenant_isolation ON %I AS PERMISSIVE FOR ALL TO wib_tenant USING (%s) WITH CHECK (%s)', table_name, visible, visible);
  EXECUTE format('DROP POLICY IF EXISTS system_bypass ON %I', table_name);
  EXECUTE format('CREATE POLICY system_bypass ON %I AS PERMISSIVE FOR ALL TO wib_system USING (true) WITH CHECK (true)', table_name);
END $$;
--> statement-breakpoint
-- Every tenant table, read from the catalogue: each table with an organization_id column, the
-- organisations themselves, and an import's chunks and refs (through their import). A migration
-- that adds a tenant table ends with `SELECT wib_enforce_tenant_isolation();`
-- (tests/node/db/row-level-security.test.ts fails until it does).
CREATE OR REPLACE FUNCTION wib_enforce_tenant_isolation() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  tenant_table record;
  current_organization constant text := 'nullif(current_setting(''wib.organization_id'', true), '''')::uuid';
BEGIN
  FOR tenant_table IN
    SELECT c.relname FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  LOOP
    PERFORM wib_isolate_table(tenant_table.relname, 'organization_id = ' || current_organization);
  END LOOP;
  PERFORM wib_isolate_table('organizations', 'id = ' || current_organization);
  -- Visible when their import is (account_imports is itself isolated).
  PERFORM wib_isolate_table('account_import_chunks', 'EXISTS (SELECT 1 FROM account_imports i WHERE i.id = account_import_chunks.import_id)');
  PERFORM wib_isolate_table('account_import_refs', 'EXISTS (SELECT 1 FROM account_imports i WHERE i.id = account_import_refs.import_id)');
END $$;
--> statement-breakpoint
SELECT wib_enforce_tenant_isolation();
