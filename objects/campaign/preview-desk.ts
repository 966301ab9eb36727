// Preview pacing's bookkeeping over the campaign's storage: each tick withdraws the
// offers that are over and holds the next allowed lead for every available agent; an
// agent's Dial re-checks compliance before the lead is dialled, their Skip defers it;
// and what changed is told to the agent pool, which shows each offer to its agent only.
// The decisions themselves are pure, in preview.ts; everything here but telling the pool
// is synchronous, so no Dial, Skip or tick can interleave with another's storage writes.
import type { PoolMember, PreviewOffer } from "../agent-pool/protocol";
import type { CallSpec, DialerCallSpec } from "../call/call-spec";
import type { CampaignStorage } from "./campaign-storage";
import { learnDialsPlaced } from "./outcome-stats";
import { campaignDay } from "./campaign-view";
import { checkLead, MAX_SKIPS_PER_TICK, nextDialableLead, placeDial, recordRefusal, type Refusal } from "./lead-dialing";
import { phoneToDial } from "./lead-rules";
import { agentsAwaitingOffers, offersToWithdraw, previewExplanation, PREVIEW_OFFER_TIMEOUT_MS, type Withdrawal } from "./preview";
import type { CampaignConfig, PreviewActionResult } from "./protocol";
import { logEvent } from "../../domain/log";

/** What a tick (or a command) still has to tell the agent pool about preview offers. */
export interface PreviewPoolWork {
  offers: { userId: string; offer: PreviewOffer }[];
  ended: Withdrawal[];
}

/** The agent pool's side of preview offers (its actor's RPC stub). */
export interface PreviewPool {
  offerPreview(userId: string, offer: PreviewOffer): Promise<boolean>;
  endPreview(userId: string, campaignId: string, accountId: string, then: Withdrawal["then"]): Promise<unknown>;
}

/** An agent's Dial: the call to start, or why the lead was not dialled after all (and the offer to end). */
export type PreviewDialing = { ok: true; spec: CallSpec } | { ok: false; result: PreviewActionResult; work: PreviewPoolWork };

/**
 * Preview pacing's tick: withdraws offers that are over, then holds the next allowed lead
 * for each available agent without one. Synchronous: the pool hears of it afterwards.
 */
export function previewTick(store: CampaignStorage, config: CampaignConfig, members: readonly PoolMember[], now: number): PreviewPoolWork {
  const ended = offersToWithdraw(store.offers.all(), members, config.agentUserIds, config.id, now);
  for (const withdrawal of ended) store.offers.release(withdrawal.accountId);
  // A member the pool shows with one of our leads that we no longer hold (an offer cut
  // short by an eviction) is let go, unless the lead is being dialled: that call moves them on.
  for (const member of members) {
    if (member.status !== "previewing" || member.preview?.campaignId !== config.id) continue;
    const accountId = member.preview.accountId;
    if (store.offers.of(accountId) || store.leads.get(accountId)?.state === "dialing") continue;
    ended.push(agentLeft(member.userId, accountId));
  }
  const holding = new Set(store.offers.all().map((o) => o.userId));
  const waiting = agentsAwaitingOffers(members, config.agentUserIds, holding);
  const offers: PreviewPoolWork["offers"] = [];
  const budget = { looks: waiting.length + MAX_SKIPS_PER_TICK };
  for (const userId of waiting) {
    const next = nextDialableLead(store, config, now, budget);
    if (!next) break;
    store.offers.hold(userId, next.lead.input.accountId, now);
    offers.push({
      userId,
      offer: {
        campaignId: config.id,
        campaignName: config.name,
        accountId: next.lead.input.accountId,
        accountName: next.lead.input.name,
        phone: next.phone,
        balanceDueCents: next.lead.input.balanceDueCents,
        offeredAt: now,
        expiresAt: now + PREVIEW_OFFER_TIMEOUT_MS,
      },
    });
  }
  const held = store.offers.all().length;
  store.meta.set(
    "pacing",
    previewExplanation({
      previewing: held,
      callsLive: store.calls.all().length,
      agentsWithoutLead: waiting.length - offers.length,
      queueLeft: store.leads.left() - held,
    }),
  );
  return { offers, ended };
}

/** Every held offer goes back to the queue (paused, stopped, or no longer in preview mode). */
export function releaseAllOffers(store: CampaignStorage): Withdrawal[] {
  const ended: Withdrawal[] = [];
  for (const offer of store.offers.all()) {
    store.offers.release(offer.accountId);
    ended.push(agentLeft(offer.userId, offer.accountId));
  }
  return ended;
}

/** Why this agent cannot act on this lead, or null when it is theirs to act on. */
export function offerRefusal(store: CampaignStorage, config: CampaignConfig | null, running: boolean, userId: string, accountId: string): PreviewActionResult | null {
  const offer = config && running ? store.offers.of(accountId) : null;
  if (!offer) return notOffered();
  if (offer.userId !== userId) return { ok: false, code: "another_agent", reason: null, message: "This lead is offered to another agent: only they can dial or skip it" };
  return null;
}

/** The agent dials the lead offered to them (checked by offerRefusal): compliance is checked again now, as time has passed since the offer. */
export function dialOffer(store: CampaignStorage, config: CampaignConfig, accountId: string, previewAgent: NonNullable<DialerCallSpec["previewAgent"]>, now: number): PreviewDialing {
  const lead = store.leads.get(accountId)!;
  store.offers.drop(accountId);
  const phone = phoneToDial({ phones: lead.input.phones, badPhones: lead.badPhones });
  const decision = phone ? checkLead(store, config, lead, phone, now) : null;
  if (phone && decision?.allowed) {
    const spec = placeDial(store, config, lead, phone, now, previewAgent);
    learnDialsPlaced(store, 1);
    return { ok: true, spec };
  }
  if (phone && decision && !decision.allowed) recordRefusal(store, config, lead, phone, decision, now, previewAgent.userId);
  else store.leads.move(accountId, { state: "done", reason: "no working number" });
  const reason = decision && !decision.allowed ? decision.reason : "no_working_number";
  const explanation = decision && !decision.allowed ? decision.explanation : "the account has no working number";
  return {
    ok: false,
    result: { ok: false, code: "refused", reason, message: `Not dialled: ${explanation}` },
    work: { offers: [], ended: [agentLeft(previewAgent.userId, accountId)] },
  };
}

/** The agent's Dial refused after all by the confirmation against Postgres (dial-confirmation.ts took the dial back). */
export function refusedAtConfirmation(userId: string, accountId: string, refusal: Refusal): { result: PreviewActionResult; work: PreviewPoolWork } {
  return {
    result: { ok: false, code: "refused", reason: refusal.reason, message: `Not dialled: ${refusal.explanation}` },
    work: { offers: [], ended: [agentLeft(userId, accountId)] },
  };
}

/** The agent passes on the lead offered to them (checked by offerRefusal): it waits the retry spacing. */
export function skipOffer(store: CampaignStorage, config: CampaignConfig, userId: string, accountId: string, now: number): PreviewPoolWork {
  store.offers.drop(accountId);
  store.leads.move(accountId, { state: "deferred", atMs: now + config.retrySpacingMinutes * 60_000, callback: false });
  store.days.countSkip(campaignDay(config, now), "agent_skipped");
  return { offers: [], ended: [agentLeft(userId, accountId)] };
}

/**
 * Shows new offers to their agents and ends finished ones; an offer the pool refuses (the
 * agent moved on) goes back to the queue. True when one did, so the room hears of it.
 */
export async function tellPool(store: CampaignStorage, config: CampaignConfig, pool: PreviewPool, work: PreviewPoolWork): Promise<boolean> {
  let changed = false;
  await Promise.all([
    ...work.ended.map((w) =>
      pool.endPreview(w.userId, config.id, w.accountId, w.then).catch((error: unknown) => {
        logEvent({ event: "campaign_preview_end_failed", userId: w.userId, error: String(error) });
      }),
    ),
    ...work.offers.map(async ({ userId, offer }) => {
      let shown = false;
      try {
        shown = await pool.offerPreview(userId, offer);
      } catch (error) {
        logEvent({ event: "campaign_preview_offer_failed", userId, error: String(error) });
      }
      // Only if this very offer is still held: a Dial or Skip may have come first.
      if (!shown && store.offers.of(offer.accountId)?.userId === userId) {
        store.offers.release(offer.accountId);
        changed = true;
      }
    }),
  ]);
  return changed;
}

export const notOffered = (): PreviewActionResult => ({
  ok: false,
  code: "not_offered",
  reason: null,
  message: "This lead is not offered to you now: it was withdrawn, or already dialled or skipped",
});

/** The agent is let go back to available (the pool ignores it unless it still shows them this offer). */
const agentLeft = (userId: string, accountId: string): Withdrawal => ({ userId, accountId, then: "available", why: "left" });
