// Where a rehearsal runs: the carrier simulator's control API (sim/carrier/control.ts,
// POST /control/rehearsals), never a real carrier. A deployment whose carrier is Telnyx
// has no simulator to rehearse against, and says so plainly instead of dialling anyone.
import type { SimulatorUse } from "../simulator-control";

/** How a rehearsal says it needs the carrier simulator. */
export const REHEARSAL_NEEDS_SIMULATOR: SimulatorUse = {
  needs: "A rehearsal runs against the carrier simulator",
  onTelnyx: ", where every dial rings a real phone. Rehearse on a local stack (npm start) or with npm run rehearse",
  withoutAddress: "there is nothing to rehearse against",
};

export interface SimulatorRehearsal {
  apiUrl: string;
  organizationId: string;
  campaignId: string;
  agents: { userId: string; session: string; address: string }[];
  runnerSession: string;
  /** A workload's name (domain/rehearsal.ts) or a whole workload (the campaign's own statistics). */
  workload: string | Record<string, unknown>;
  seed: number | undefined;
  speed: number;
  minutes: number;
  numberPrefix: string;
}

/** Hands the rehearsal's world to the simulator: its leads' plan, its speed, its agents' desks. Throws with the simulator's answer. */
export async function beginSimulatorRehearsal(controlUrl: string, rehearsal: SimulatorRehearsal): Promise<void> {
  const response = await fetch(`${controlUrl}/rehearsals`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      api_url: rehearsal.apiUrl,
      organization_id: rehearsal.organizationId,
      campaign_id: rehearsal.campaignId,
      agents: rehearsal.agents.map((a) => ({ user_id: a.userId, session: a.session, address: a.address })),
      runner_session: rehearsal.runnerSession,
      workload: rehearsal.workload,
      ...(rehearsal.seed === undefined ? {} : { seed: rehearsal.seed }),
      speed: rehearsal.speed,
      minutes: rehearsal.minutes,
      number_prefix: rehearsal.numberPrefix,
    }),
  });
  if (!response.ok) throw new Error(`the carrier simulator answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
}

/** Ends the simulator's rehearsal (a rehearsal whose campaign could not start). */
export async function endSimulatorRehearsal(controlUrl: string): Promise<void> {
  await fetch(`${controlUrl}/rehearsals`, { method: "DELETE" }).then((r) => r.body?.cancel());
}
