// The campaign's pacing clock, driven by the test. A running CampaignActor ticks on its
// own alarm once a second; these helpers fire that alarm when the test wants the next
// tick (runDurableObjectAlarm), so no test waits for a real second to pass. Rules that
// wait minutes (retry spacing, an offer's expiry) are reached by moving the stored
// times into the past with runInDurableObject, next to the test that needs it.
// The actor's own alarm still exists: a tick fired here replaces it (the tick sets the
// next one a second later), so it rarely fires while a test is driving.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { CampaignActor } from "../../../objects/campaign/CampaignActor";
import { campaignRoomName } from "../../../objects/campaign/protocol";
import type { CallPump } from "./carrier";

export type CampaignStub = DurableObjectStub<CampaignActor>;

/** Ticks allowed per condition by default: generous, since a tick costs milliseconds. */
const DEFAULT_MAX_TICKS = 40;
/**
 * On a busy machine what a tick set off (a pool message on an agent's socket) can take
 * longer than the pause between ticks, so the default limit also waits this long before
 * it gives up: more ticks than needed change nothing a condition waits for.
 */
const DEFAULT_PATIENCE_MS = 20_000;
/** Time for what a tick set off (pool messages on sockets, RPC answers) to arrive before the next look. */
const DELIVERY_PAUSE_MS = 20;

/** Runs the campaign's next tick now. False when none was due (not running, nothing left to write). */
export function tickCampaign(actor: CampaignStub): Promise<boolean> {
  return runDurableObjectAlarm(actor);
}

/** Ticks the campaign until `done` holds, looking before every tick; fails after `maxTicks` ticks (by default, and 20 s). */
export async function tickUntil(
  actor: CampaignStub,
  done: () => boolean | Promise<boolean>,
  options: { maxTicks?: number; what?: string; observed?: () => unknown } = {},
): Promise<void> {
  const maxTicks = options.maxTicks ?? DEFAULT_MAX_TICKS;
  const patientUntil = options.maxTicks === undefined ? Date.now() + DEFAULT_PATIENCE_MS : 0;
  for (let ticks = 0; !(await done()); ticks++) {
    if (ticks >= maxTicks && Date.now() >= patientUntil) {
      // What the test saw instead, so a failure on a busy machine can be explained afterwards.
      const observed = options.observed ? `; observed ${JSON.stringify(await options.observed())}` : "";
      throw new Error(`${options.what ?? "condition"} not reached after ${ticks} ticks${observed}`);
    }
    await tickCampaign(actor);
    await new Promise((resolve) => setTimeout(resolve, DELIVERY_PAUSE_MS));
  }
}

/**
 * Carries the organisation's webhooks (the simulator's calls move on their own, sped up)
 * and ticks the campaign between deliveries, until `done` holds.
 */
export function pumpAndTick(pump: CallPump, actor: CampaignStub, done: () => Promise<boolean>, timeoutMs?: number): Promise<void> {
  return pump.until(async () => {
    if (await done()) return true;
    await tickCampaign(actor);
    return false;
  }, timeoutMs);
}

/** Campaigns a test file started; stopped when the file ends (stopCampaignsStarted). */
const started = new Set<CampaignStub>();

/** Remembers a campaign to stop once the file's tests are done. */
export function stopWhenFileEnds<Stub extends CampaignStub>(actor: Stub): Stub {
  started.add(actor);
  return actor;
}

/** The rehearsal campaigns the file started: the simulator's rehearsal is ended with them if it is still one of these. */
const rehearsals = new Set<string>();

/**
 * A rehearsal the file started (POST /api/campaigns/:id/rehearsals answered 201, from any
 * test: the generated route tests start them too). Its copy runs until its shift's end,
 * when the simulator stops it through the API, which from the tests' simulator cannot
 * reach the test Worker (app.test): without this it would tick, and dial the simulator,
 * for the rest of the run.
 */
export function stopRehearsalWhenFileEnds(rehearsal: { organizationId: string; campaignId: string }): void {
  rehearsals.add(rehearsal.campaignId);
  stopWhenFileEnds(env.CampaignActor.get(env.CampaignActor.idFromName(campaignRoomName(rehearsal.organizationId, rehearsal.campaignId))));
}

/**
 * Stops every campaign the file started, so none keeps ticking (each tick asks the pool
 * and Postgres) into the next file's run; runs twice were seen to hang after such a file.
 * The simulator's rehearsal goes too when it is one of this file's (another file may have
 * begun its own since).
 */
export async function stopCampaignsStarted(): Promise<void> {
  await Promise.allSettled([...started].map((actor) => actor.stop()));
  started.clear();
  if (rehearsals.size > 0) await endSimulatorRehearsalIfOurs().catch(() => undefined);
  rehearsals.clear();
}

async function endSimulatorRehearsalIfOurs(): Promise<void> {
  const current = await (await fetch(`${env.TEST_CARRIER_ORIGIN}/control/rehearsals`)).json<{ rehearsal: { campaign_id: string } | null }>();
  if (current.rehearsal && rehearsals.has(current.rehearsal.campaign_id)) await (await fetch(`${env.TEST_CARRIER_ORIGIN}/control/rehearsals`, { method: "DELETE" })).body?.cancel();
}
