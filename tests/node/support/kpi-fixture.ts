// The ground the KPI tests over a real PostgreSQL stand on (tests/node/worker/analytics/):
// a fresh cluster with the migrations applied, read through the Worker's own driver over the
// local relay; an organisation in Chicago with named agents and a November campaign; another
// organisation whose rows must count nowhere; a connected dialer call's row; and the KPI
// scope those files ask with. Each file seeds its own hand-worked day on top.
import { neonConfig } from "@neondatabase/serverless";
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import ws from "ws";
import { openDatabase, type DatabaseHandle } from "../../../db/client";
import { TEST_ACCESS } from "./database-access";
import { campaigns, organizations, users, type calls } from "../../../db/schema";
import type { Disposition } from "../../../domain/dispositions";
import { freePort } from "../../../scripts/lib/free-port";
import { startLocalPostgres } from "../../../scripts/lib/local-postgres";
import { applyMigrations } from "../../../scripts/lib/migrate";
import { startWsRelay } from "../../../scripts/lib/ws-relay";
import type { KpiScope } from "../../../worker/analytics/kpi-queries";

export const KPI_TIME_ZONE = "America/Chicago";

export interface KpiFixture {
  handle: DatabaseHandle;
  /** The organisation every KPI is asked of (in Chicago). */
  organizationId: string;
  /** Another organisation: its rows must count in no number of the first. */
  otherOrganizationId: string;
  /** The agents' user ids, in the order their names were given. */
  agentIds: string[];
  campaignId: string;
  /** The KPI scope of the organisation over these days (nothing filtered, skips shown, "today" after them). */
  scope: (from: string, to: string) => KpiScope;
  stop: () => Promise<void>;
}

/** A fresh PostgreSQL with the organisation, its agents (named) and its campaign; `label` names the organisation. */
export async function startKpiFixture(label: string, agentNames: readonly string[]): Promise<KpiFixture> {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const dataDir = path.join(os.tmpdir(), `wib-${slug}-pg-${process.pid}-${Date.now()}`, "pg");
  const postgres = await startLocalPostgres({ dataDir, port: await freePort(), persistent: false });
  await postgres.createDatabaseIfMissing("kpis");
  await applyMigrations(postgres.urlFor("kpis"));
  const relay = await startWsRelay({ port: await freePort(), postgresPort: postgres.port });
  neonConfig.webSocketConstructor = ws;
  const handle = openDatabase({ DATABASE_URL: postgres.urlFor("kpis"), DATABASE_WS_PROXY: `${relay.proxyHost}/v2` }, TEST_ACCESS);
  const db = handle.db;

  const [org] = await db.insert(organizations).values({ name: label, slug: `${slug}-${Date.now()}`, timeZone: KPI_TIME_ZONE }).returning();
  const [other] = await db.insert(organizations).values({ name: "Other", slug: `${slug}-other-${Date.now()}` }).returning();
  const people = await db
    .insert(users)
    .values(agentNames.map((name) => ({ email: `${name.toLowerCase()}-${Date.now()}@${slug}.test`, name, passwordHash: "x" })))
    .returning();
  const [campaign] = await db.insert(campaigns).values({ organizationId: org!.id, name: "November", safeHarborMessage: "Sorry." }).returning();
  const organizationId = org!.id;
  return {
    handle,
    organizationId,
    otherOrganizationId: other!.id,
    // Inserted in one statement: returned in the order given.
    agentIds: people.map((person) => person.id),
    campaignId: campaign!.id,
    scope: (from, to) => ({ organizationId, timeZone: KPI_TIME_ZONE, from, to, campaignId: null, agentId: null, teamId: null, showSkips: true, today: "2026-11-25" }),
    stop: async () => {
      await handle.close();
      await relay.close();
      await postgres.stop();
    },
  };
}

/**
 * An outbound dialer call an agent spoke on and dispositioned: live-answered, bridged 10 s
 * after it began, ended at 60 s, connected. `over` sets anything else (its account, campaign,
 * disposition details, other times).
 */
export function connectedDialerCall(organizationId: string, agentUserId: string | null, at: Date, disposition: Disposition, over: Partial<typeof calls.$inferInsert> = {}) {
  return {
    id: randomUUID(),
    organizationId,
    direction: "outbound" as const,
    kind: "dialer" as const,
    toNumber: "+15550100001",
    fromNumber: "+15550109999",
    agentUserId,
    status: "completed" as const,
    createdAt: at,
    bridgedAt: new Date(at.getTime() + 10_000),
    endedAt: new Date(at.getTime() + 60_000),
    liveAnswered: true,
    disposition,
    origin: "dialer" as const,
    outcome: "connected" as const,
    version: 1,
    ...over,
  };
}
