import { describe, expect, it } from "vitest";
import type { PoolMember } from "../../../../objects/agent-pool/protocol";
import { agentsAwaitingOffers, offersToWithdraw, previewExplanation, PREVIEW_OFFER_TIMEOUT_MS } from "../../../../objects/campaign/preview";

const CAMPAIGN = "c1";
const member = (userId: string, status: PoolMember["status"], extra: Partial<PoolMember> = {}): PoolMember => ({
  userId,
  name: userId,
  role: "agent",
  status,
  statusSince: 0,
  connections: 1,
  callId: null,
  wrapUpEndsAt: null,
  dispositionOwed: false,
  wrapUpExtensionSeconds: 0,
  preview: null,
  ...extra,
});
const previewing = (userId: string, accountId: string, campaignId = CAMPAIGN) => member(userId, "previewing", { preview: { campaignId, accountId } });

describe("preview offers", () => {
  it("keeps an offer its agent still sees, and withdraws one whose agent left, was taken off the campaign, or ignored it", () => {
    const offers = [
      { userId: "kept", accountId: "a1", offeredAtMs: 1000 },
      { userId: "on-break", accountId: "a2", offeredAtMs: 1000 },
      { userId: "removed", accountId: "a3", offeredAtMs: 1000 },
      { userId: "asleep", accountId: "a4", offeredAtMs: 1000 - PREVIEW_OFFER_TIMEOUT_MS },
      { userId: "gone", accountId: "a5", offeredAtMs: 1000 },
    ];
    const members = [previewing("kept", "a1"), member("on-break", "break"), previewing("removed", "a3"), previewing("asleep", "a4")];
    const withdrawals = offersToWithdraw(offers, members, ["kept", "on-break", "asleep", "gone"], CAMPAIGN, 1000);
    expect(withdrawals).toEqual([
      { userId: "on-break", accountId: "a2", then: "available", why: "left" },
      { userId: "removed", accountId: "a3", then: "available", why: "not_on_campaign" },
      { userId: "asleep", accountId: "a4", then: "break", why: "ignored" },
      { userId: "gone", accountId: "a5", then: "available", why: "left" },
    ]);
  });

  it("withdraws an offer the pool shows for another lead or another campaign", () => {
    const offers = [{ userId: "u", accountId: "a1", offeredAtMs: 0 }];
    expect(offersToWithdraw(offers, [previewing("u", "a2")], ["u"], CAMPAIGN, 0)).toHaveLength(1);
    expect(offersToWithdraw(offers, [previewing("u", "a1", "other")], ["u"], CAMPAIGN, 0)).toHaveLength(1);
  });

  it("offers leads to the campaign's available agents without one, longest idle first", () => {
    const members = [
      member("late", "available", { statusSince: 50 }),
      member("early", "available", { statusSince: 10 }),
      member("holding", "available", { statusSince: 5 }),
      member("busy", "on_call"),
      member("elsewhere", "previewing"),
      member("not-ours", "available", { statusSince: 1 }),
    ];
    expect(agentsAwaitingOffers(members, ["late", "early", "holding", "busy", "elsewhere"], new Set(["holding"]))).toEqual(["early", "late"]);
  });

  it("says what preview pacing is doing", () => {
    expect(previewExplanation({ previewing: 3, callsLive: 1, agentsWithoutLead: 0, queueLeft: 10 })).toBe("Preview: 3 agents previewing, 1 call live");
    expect(previewExplanation({ previewing: 1, callsLive: 0, agentsWithoutLead: 1, queueLeft: 2 })).toBe(
      "Preview: 1 agent previewing, 0 calls live; nothing to offer 1 available agent now: 2 leads wait for a retry, a callback or their calling window",
    );
    expect(previewExplanation({ previewing: 0, callsLive: 0, agentsWithoutLead: 2, queueLeft: 0 })).toMatch(/list is done/);
    expect(previewExplanation({ previewing: 0, callsLive: 0, agentsWithoutLead: 0, queueLeft: 5 })).toMatch(/no agent is available/);
  });
});
