// Whose rows a database connection may touch: the second wall behind the route guards.
// Every tenant table has row-level security, forced even on its owner
// (migrations/*_row_level_security.sql), with two policies:
// - `wib_tenant` (a member's request) sees and writes only the rows of the organisation in
//   the connection's `wib.organization_id` setting; without the setting, nothing.
// - `wib_system` (webhooks, actors, cron, the outbound dispatcher, login and the session
//   lookup, a rehearsal's copy into its own organisation) sees every organisation's rows.
// A connection picks its role in its startup parameters (`options=-c role=...`), so the
// choice costs no round trip; Neon's proxy forwards `options` to Postgres on direct (not
// `-pooler`) connections. Behind a transaction pooler (Neon's `-pooler` endpoint is PgBouncer
// in transaction mode; Hyperdrive pools too) a connection is anyone's between transactions
// and startup options do not reach Postgres, so there each transaction starts by scoping
// itself, locally (`scopeTransactionSql`), and the scope ends with it.
// The bypass is always named: `systemAccess("why")`, greppable.
export const TENANT_ROLE = "wib_tenant";
export const SYSTEM_ROLE = "wib_system";
export const ORGANIZATION_SETTING = "wib.organization_id";

export type TenantAccess = { kind: "tenant"; organizationId: string };
/** `why` is for the reader (and a grep for `systemAccess(`): what this path does that no member's request may. */
export type SystemAccess = { kind: "system"; why: string };
export type DatabaseAccess = TenantAccess | SystemAccess;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The id goes into a startup parameter: only a well-formed uuid may (no option injection).
function checkedOrganizationId(organizationId: string): string {
  if (!UUID.test(organizationId)) throw new Error(`Not an organisation id: ${JSON.stringify(organizationId)}`);
  return organizationId;
}

/** One organisation's rows only: a member's request after its identity is known. */
export function tenantAccess(organizationId: string): TenantAccess {
  return { kind: "tenant", organizationId: checkedOrganizationId(organizationId) };
}

/** The named bypass of row-level security, for system paths only; never for a member's request. */
export function systemAccess(why: string): SystemAccess {
  return { kind: "system", why };
}

/** The connection's startup `options`: its role, and for a tenant its organisation. */
export function startupOptions(access: DatabaseAccess): string {
  return access.kind === "system"
    ? `-c role=${SYSTEM_ROLE}`
    : `-c role=${TENANT_ROLE} -c ${ORGANIZATION_SETTING}=${checkedOrganizationId(access.organizationId)}`;
}

/**
 * Turns an open system connection into one organisation's, for the rest of its life (one
 * round trip): a member's request reads its session as the system, then runs as its tenant.
 * `role` is checked against the login role, which holds both.
 */
export const SCOPE_CONNECTION_SQL = `select set_config('role', '${TENANT_ROLE}', false), set_config('${ORGANIZATION_SETTING}', $1, false)`;

/**
 * The statement that opens a transaction scoped to `access` behind a transaction pooler: one
 * simple query (`begin; select set_config(..., true)…`), so it costs the round trip `begin`
 * costs anyway. `is_local` = true: the role and the organisation end with the transaction,
 * before the pooler hands the connection to someone else. The id is a checked uuid and the
 * roles are constants, so nothing from outside is spliced in.
 */
export function scopeTransactionSql(access: DatabaseAccess, begin = "begin"): string {
  return access.kind === "system"
    ? `${begin}; select set_config('role', '${SYSTEM_ROLE}', true)`
    : `${begin}; select set_config('role', '${TENANT_ROLE}', true), set_config('${ORGANIZATION_SETTING}', '${checkedOrganizationId(access.organizationId)}', true)`;
}

/**
 * Whether DATABASE_URL reaches Postgres through a transaction pooler: said outright
 * (DATABASE_POOLER=transaction, e.g. for Hyperdrive), or a Neon `-pooler` host.
 */
export function behindTransactionPooler(env: { DATABASE_URL: string; DATABASE_POOLER?: string }): boolean {
  if (env.DATABASE_POOLER) return env.DATABASE_POOLER === "transaction";
  try {
    return new URL(env.DATABASE_URL).hostname.split(".")[0]!.endsWith("-pooler");
  } catch {
    return false;
  }
}
