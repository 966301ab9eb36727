// POST /api/campaigns/:id/rehearsals: a supervisor rehearses a campaign before it goes
// live. The campaign's settings are copied into a rehearsal organisation of its own
// (campaigns/rehearsal-floor.ts: simulated agents, leads the simulator plays), the carrier
// simulator is handed the workload, the speed and the agents' desks
// (campaigns/rehearsal-simulator.ts), and the copy starts like any campaign; the
// supervisor watches it in its live room (rooms.ts admits the rehearsed organisation's
// supervisors to it). Nothing reaches a real carrier (no simulator: a 409 saying so) or
// the campaign's own records (its row, leads, calls and statistics are never touched).
import { eq } from "drizzle-orm";
import { recordAudit } from "../../db/audit/record";
import { campaigns } from "../../db/schema";
import { agentAddressFor } from "../../domain/agent-address";
import {
  OBSERVED_WORKLOAD,
  REHEARSABLE_PACING_MODES,
  REHEARSAL_NUMBER_PREFIX,
  rehearsalLeadCount,
  rehearsalRequest,
  type RehearsalRequest,
} from "../../domain/rehearsal";
import { workloadFromSnapshot } from "../../objects/campaign/pacing/observed-workload";
import { createRehearsalFloor, dropRehearsalFloor } from "../campaigns/rehearsal-floor";
import { beginSimulatorRehearsal, endSimulatorRehearsal, REHEARSAL_NEEDS_SIMULATOR } from "../campaigns/rehearsal-simulator";
import { requireSimulatorControl } from "../simulator-control";
import type { CampaignRow } from "../campaigns/config";
import { rehearseCampaign } from "../http/contracts/campaigns";
import { ApiError, conflict } from "../http/errors";
import { idParam } from "../http/params";
import { defineRoute, member, type AppContext } from "../http/route-table";
import { logEvent } from "../../domain/log";
import { askActor, campaignActor, findCampaign, liveConfig } from "./campaigns";

defineRoute(rehearseCampaign, {
  summary: "Rehearse the campaign against the carrier simulator: its settings in a rehearsal organisation of their own, simulated agents, a workload's callees",
  access: member("supervisor"),
  resource: "rehearsableCampaign",
  body: rehearsalRequest,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const source = await findCampaign(c.var.db, identity.organizationId, idParam(c, "Campaign"));
    const controlUrl = requireSimulatorControl(c.env, REHEARSAL_NEEDS_SIMULATOR);
    if (!(REHEARSABLE_PACING_MODES as readonly string[]).includes(source.pacingMode)) {
      throw conflict(`A rehearsal plays progressive or predictive pacing; this campaign's is ${source.pacingMode} (${source.pacingMode === "preview" ? "agents choose each lead" : "no agents take its calls"})`);
    }
    const workload = await workloadToPlay(c, source, body);
    const nowMs = Date.now();
    // The copy lives in the rehearsal's own organisation (organizations.rehearsal_of), beyond
    // the member's: its rows are written and read through the named bypass of row-level
    // security, only after the member's campaign was found in their own organisation above.
    const rehearsalDb = c.var.systemDb;
    const floor = await createRehearsalFloor(rehearsalDb, { source, agents: body.agents, leads: rehearsalLeadCount(body.agents, body.minutes), nowMs });
    const rehearsal = floor.campaign;
    try {
      await beginSimulatorRehearsal(controlUrl, {
        apiUrl: new URL(c.req.url).origin,
        organizationId: floor.organizationId,
        campaignId: rehearsal.id,
        agents: floor.agents.map((a) => ({ ...a, address: agentAddressFor(c.env, a.userId) })),
        runnerSession: floor.runner.session,
        workload,
        seed: body.seed,
        speed: body.speed,
        minutes: body.minutes,
        numberPrefix: REHEARSAL_NUMBER_PREFIX,
      });
    } catch (error) {
      await dropRehearsalFloor(rehearsalDb, floor);
      logEvent({ event: "unhandled_error", method: c.req.method, path: new URL(c.req.url).pathname, error: `rehearsal: ${error instanceof Error ? error.message : String(error)}` });
      throw new ApiError(503, "service_unavailable", "The carrier simulator did not take the rehearsal; nothing was started. Try again shortly", undefined, { "retry-after": "5" });
    }
    try {
      const config = await liveConfig(c, rehearsal, rehearsalDb);
      await askActor(c, "start", () => campaignActor(c.env, rehearsal).start(config));
    } catch (error) {
      await endSimulatorRehearsal(controlUrl).catch(() => undefined);
      await dropRehearsalFloor(rehearsalDb, floor);
      throw error;
    }
    const startedAt = new Date();
    await rehearsalDb.transaction(async (tx) => {
      await tx.update(campaigns).set({ status: "running", startedAt, updatedAt: startedAt }).where(eq(campaigns.id, rehearsal.id));
      // The rehearsed organisation's log says who rehearsed what; the campaign itself is unchanged.
      await recordAudit(tx, identity.organizationId, identity, {
        action: "campaign.rehearsed",
        resourceType: "campaign",
        resourceId: source.id,
        after: { rehearsalOrganizationId: floor.organizationId, rehearsalCampaignId: rehearsal.id, workload: workloadName(workload), agents: body.agents, speed: body.speed, minutes: body.minutes },
      });
    });
    return c.json(
      {
        rehearsal: {
          organizationId: floor.organizationId,
          campaignId: rehearsal.id,
          rehearsedCampaignId: source.id,
          workload: workloadName(workload),
          agents: body.agents,
          speed: body.speed,
          minutes: body.minutes,
          leads: floor.leads,
          startedAt: startedAt.toISOString(),
          endsAt: new Date(startedAt.getTime() + (body.minutes * 60 * 1000) / body.speed).toISOString(),
        },
      },
      201,
    );
  },
});

/** The workload's name, or the campaign's own statistics as a workload (its room's snapshot, as the what-if reads it). */
async function workloadToPlay(c: AppContext, source: CampaignRow, body: RehearsalRequest): Promise<string | Record<string, unknown>> {
  if (body.workload !== OBSERVED_WORKLOAD) return body.workload;
  if (source.status === "draft") throw conflict("The campaign has not run yet, so it has no statistics of its own to rehearse: pick one of the workloads");
  const snapshot = await askActor(c, "snapshot", () => campaignActor(c.env, source).snapshot());
  if (!snapshot) throw conflict("The campaign's room holds no statistics yet: pick one of the workloads");
  return { ...workloadFromSnapshot(snapshot).workload, agents: body.agents };
}

const workloadName = (workload: string | Record<string, unknown>) => (typeof workload === "string" ? workload : `${OBSERVED_WORKLOAD}: ${String(workload.name)}`);
