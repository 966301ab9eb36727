// What one pacing tick decides, synchronously over the campaign's storage once the pool
// has said where the agents are: the calls to confirm and start (those an eviction left
// unstarted, then the pacer's new dials, lead-dialing.ts) or, in preview mode, the offers
// to show and withdraw (preview-desk.ts); and the minute's chart point. Nothing can
// interleave between choosing leads and counting their dials.
import type { PoolMember } from "../agent-pool/protocol";
import type { CallSpec } from "../call/call-spec";
import type { CampaignStorage } from "./campaign-storage";
import { pacingInputs, saveChartPoint } from "./campaign-snapshot";
import { dialTick } from "./lead-dialing";
import { previewTick, releaseAllOffers, type PreviewPoolWork } from "./preview-desk";
import type { CampaignConfig } from "./protocol";

export interface TickPlan {
  /** Calls to confirm and start (a repeated start changes nothing). */
  specs: CallSpec[];
  /** What the agent pool is to be told about preview offers. */
  poolWork: PreviewPoolWork;
}

export function planTick(store: CampaignStorage, config: CampaignConfig, members: readonly PoolMember[], now: number): TickPlan {
  store.meta.set("agents", [...members]);
  // Starts an eviction interrupted are sent again.
  const unstarted = store.calls.unstarted();
  let plan: TickPlan;
  if (config.pacingMode === "preview") {
    plan = { specs: unstarted, poolWork: previewTick(store, config, members, now) };
  } else {
    // Left preview mode (an edit): leads held for agents go back to the queue.
    const ended = releaseAllOffers(store);
    plan = { specs: [...unstarted, ...dialTick(store, config, pacingInputs(store, config, now), now)], poolWork: { offers: [], ended } };
  }
  saveChartPoint(store, now);
  return plan;
}
