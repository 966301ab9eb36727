// An agent's Dial and Skip of the lead a preview campaign offers them, end to end: the
// offer is checked to be theirs, compliance is checked again (time has passed since the
// offer), the dial is confirmed against Postgres, the pool hears that the agent is on the
// call, and the call starts with the agent's leg first. A refusal lets the agent go and
// asks for the next lead at once. The storage steps are preview-desk.ts's.
import type { CampaignStorage } from "./campaign-storage";
import { startCall, type CallStarter } from "./call-starts";
import { confirmDials, type DialConfirmer } from "./dial-confirmation";
import { dialOffer, offerRefusal, refusedAtConfirmation, skipOffer, tellPool, type PreviewPool, type PreviewPoolWork } from "./preview-desk";
import type { CampaignConfig, PreviewActionResult } from "./protocol";

export interface PreviewActionPorts {
  pool: PreviewPool & { callStarted(userId: string, callId: string): Promise<unknown> };
  confirmer: DialConfirmer;
  start: CallStarter;
  /** The room should see the campaign as it stands now. */
  changed(): void;
}

/** What the agent is answered, and whether a pass should run at once (the next lead offered now, not on the next second). */
export interface PreviewActionDone {
  result: PreviewActionResult;
  runSoon: boolean;
}

export interface PreviewAgent {
  userId: string;
  /** Where the agent's leg rings. */
  address: string;
}

export async function dialPreviewedLead(store: CampaignStorage, config: CampaignConfig, running: boolean, ports: PreviewActionPorts, agent: PreviewAgent, accountId: string, now: number): Promise<PreviewActionDone> {
  const refused = offerRefusal(store, config, running, agent.userId, accountId);
  if (refused) return { result: refused, runSoon: false };
  const dialing = dialOffer(store, config, accountId, agent, now);
  ports.changed();
  if (!dialing.ok) {
    await tellPoolOf(store, config, ports, dialing.work);
    return { result: dialing.result, runSoon: true };
  }
  const confirmation = await confirmDials(store, config, ports.confirmer, [dialing.spec]);
  if (confirmation?.tookBack) ports.changed();
  const refusedNow = confirmation?.confirmed.refused[0];
  if (refusedNow) {
    const { result, work } = refusedAtConfirmation(agent.userId, accountId, refusedNow.refusal);
    await tellPoolOf(store, config, ports, work);
    return { result, runSoon: true };
  }
  // The agent is on this call from now on (the call tells the pool too; whichever comes first counts).
  await ports.pool.callStarted(agent.userId, dialing.spec.id).catch(() => undefined);
  // Unconfirmed (Postgres unreachable): the tick confirms and starts it, or gives it up.
  if (confirmation) await startCall(store, ports.start, dialing.spec);
  return { result: { ok: true, callId: dialing.spec.id }, runSoon: false };
}

/** The agent passes on the lead: it waits the retry spacing, and the agent gets the next lead. */
export async function skipPreviewedLead(store: CampaignStorage, config: CampaignConfig, running: boolean, ports: PreviewActionPorts, userId: string, accountId: string, now: number): Promise<PreviewActionDone> {
  const refused = offerRefusal(store, config, running, userId, accountId);
  if (refused) return { result: refused, runSoon: false };
  const work = skipOffer(store, config, userId, accountId, now);
  ports.changed();
  await tellPoolOf(store, config, ports, work);
  return { result: { ok: true, callId: null }, runSoon: true };
}

/** Tells the pool about offers shown and ended (preview-desk.ts); the room hears of any offer the pool refused. */
export async function tellPoolOf(store: CampaignStorage, config: CampaignConfig, ports: Pick<PreviewActionPorts, "pool" | "changed">, work: PreviewPoolWork): Promise<void> {
  if (work.offers.length === 0 && work.ended.length === 0) return;
  if (await tellPool(store, config, ports.pool, work)) ports.changed();
}
