// What one pacing tick decides, synchronously over the campaign's storage once the pool
// has said where the agents are: the calls to confirm and start (those an eviction left
// unstarted, then the pacer's new dials, lead-dialing.ts) or, in preview mode, the offers
// to show and withdraw (preview-desk.ts); and the minute's chart point. Nothing can
// interleave between choosing leads and counting their dials. While the engine is behind
// (dial-hold.ts) the tick adds no new dial: it only sends the unstarted calls again, and
// the room's pacing line says why; otherwise it adds no more than the starts under way leave
// room for (dial-hold.ts). Preview offers go on (an agent's own Dial, one line each).
import type { PoolMember } from "../agent-pool/protocol";
import type { CallSpec } from "../call/call-spec";
import type { CampaignStorage } from "./campaign-storage";
import { pacingInputs, saveChartPoint } from "./campaign-snapshot";
import { dialTick } from "./lead-dialing";
import type { PacingTraceEntry } from "./pacing/decision-trace";
import { initialObservedStats, recordWrap } from "./pacing/observed-stats";
import { wrapUpsEnded } from "./wrap-up-observed";
import { previewTick, releaseAllOffers, type PreviewPoolWork } from "./preview-desk";
import type { CampaignConfig } from "./protocol";
import { engineSignals, nextDialHold, NOT_HOLDING, startRoom, type DialHold } from "./dial-hold";

export interface TickPlan {
  /** Calls to confirm and start (a repeated start changes nothing). */
  specs: CallSpec[];
  /** What the agent pool is to be told about preview offers. */
  poolWork: PreviewPoolWork;
  /** Whether new dials are held, and why (the runner keeps it for the next tick). */
  hold: DialHold;
}

/** What the runner knows of the engine's speed beyond the storage: this tick's lateness and the hold so far. */
export interface EngineState {
  tickLatenessMs: number | null;
  hold: DialHold;
  /** Sees each pacing decision's inputs and output (PACING_TRACE); absent in normal runs. */
  tracePacing?: (entry: PacingTraceEntry) => void;
}

/** The wrap-ups agents ended since the last tick, taught to the pacing statistics. */
function learnWrapUps(store: CampaignStorage, previous: readonly PoolMember[], members: readonly PoolMember[]): void {
  const ended = wrapUpsEnded(previous, members);
  if (ended.length === 0) return;
  store.meta.set("stats", ended.reduce(recordWrap, store.meta.get("stats") ?? initialObservedStats()));
}

export function planTick(store: CampaignStorage, config: CampaignConfig, members: readonly PoolMember[], now: number, engine: EngineState = { tickLatenessMs: null, hold: NOT_HOLDING }): TickPlan {
  learnWrapUps(store, store.meta.get("agents") ?? [], members);
  store.meta.set("agents", [...members]);
  // Starts an eviction interrupted (or still under way beside the pass) are sent again.
  const unstarted = store.calls.unstarted();
  let plan: TickPlan;
  if (config.pacingMode === "preview") {
    plan = { specs: unstarted, poolWork: previewTick(store, config, members, now), hold: NOT_HOLDING };
  } else {
    // Left preview mode (an edit): leads held for agents go back to the queue.
    const ended = releaseAllOffers(store);
    const hold = nextDialHold(engine.hold, engineSignals(unstarted, store.calls.all(), members, engine.tickLatenessMs, now), now);
    if (hold.holding) store.meta.set("pacing", hold.reason);
    const dials = hold.holding ? [] : dialTick(store, config, pacingInputs(store, config, now), now, startRoom(unstarted.length), engine.tracePacing);
    plan = { specs: [...unstarted, ...dials], poolWork: { offers: [], ended }, hold };
  }
  saveChartPoint(store, now);
  return plan;
}
