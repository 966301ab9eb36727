// Preview pacing as pure decisions: which held offers to withdraw (the agent left, was
// taken off the campaign, or ignored the lead too long), which agents get the next lead
// (the longest idle first, each holding at most one), and the pacer's own words for it.
// The CampaignActor holds the leads; the agent pool shows each offer to its agent only.
import type { PoolMember } from "../agent-pool/protocol";
import type { HeldOffer } from "./campaign-storage";

/**
 * An offer nobody acts on is withdrawn after this long and its agent put on break: they
 * have most likely stepped away, and a lead should not wait on an empty chair.
 */
export const PREVIEW_OFFER_TIMEOUT_MS = 5 * 60_000;

export interface Withdrawal {
  userId: string;
  accountId: string;
  /** Where the pool puts the agent if it still shows them the offer. */
  then: "available" | "break";
  why: "left" | "not_on_campaign" | "ignored";
}

/** Offers this campaign holds that are over: O(offers), at most one per agent. */
export function offersToWithdraw(
  offers: readonly HeldOffer[],
  members: readonly PoolMember[],
  agentUserIds: readonly string[],
  campaignId: string,
  nowMs: number,
): Withdrawal[] {
  const byId = new Map(members.map((m) => [m.userId, m]));
  const onCampaign = new Set(agentUserIds);
  const withdrawals: Withdrawal[] = [];
  for (const offer of offers) {
    const member = byId.get(offer.userId);
    const base = { userId: offer.userId, accountId: offer.accountId };
    if (!onCampaign.has(offer.userId)) withdrawals.push({ ...base, then: "available", why: "not_on_campaign" });
    else if (!member || !holds(member, campaignId, offer.accountId)) withdrawals.push({ ...base, then: "available", why: "left" });
    else if (nowMs - offer.offeredAtMs >= PREVIEW_OFFER_TIMEOUT_MS) withdrawals.push({ ...base, then: "break", why: "ignored" });
  }
  return withdrawals;
}

/** The pool shows this member this campaign's offer of this account. */
export const holds = (member: PoolMember, campaignId: string, accountId: string) =>
  member.status === "previewing" && member.preview?.campaignId === campaignId && member.preview.accountId === accountId;

/** Available agents of the campaign without an offer, longest idle first (ties by id). */
export function agentsAwaitingOffers(members: readonly PoolMember[], agentUserIds: readonly string[], holding: ReadonlySet<string>): string[] {
  const onCampaign = new Set(agentUserIds);
  return members
    .filter((m) => onCampaign.has(m.userId) && m.status === "available" && !holding.has(m.userId))
    .sort((a, b) => a.statusSince - b.statusSince || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
    .map((m) => m.userId);
}

export interface PreviewPicture {
  previewing: number;
  callsLive: number;
  /** Available agents this tick found no lead for. */
  agentsWithoutLead: number;
  /** Leads waiting for a retry, a callback or their window (only read when agents wait). */
  queueLeft: number;
}

/** e.g. "Preview: 3 agents previewing, 1 call live". */
export function previewExplanation(picture: PreviewPicture): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [count(picture.previewing, "agent previewing", "agents previewing"), count(picture.callsLive, "call live", "calls live")];
  let text = `Preview: ${parts.join(", ")}`;
  if (picture.agentsWithoutLead > 0) {
    text +=
      picture.queueLeft === 0
        ? "; the list is done: every lead has been dialled or closed"
        : `; nothing to offer ${count(picture.agentsWithoutLead, "available agent", "available agents")} now: ${count(picture.queueLeft, "lead waits", "leads wait")} for a retry, a callback or their calling window`;
  } else if (picture.previewing === 0 && picture.callsLive === 0) {
    text += "; no agent is available to take a lead";
  }
  return text;
}
