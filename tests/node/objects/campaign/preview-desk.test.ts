// The preview desk against the campaign's storage on SQLite: offers held for available
// agents, an agent's Skip and Dial, offers withdrawn, what the pool is told, and a
// tick's plan when the campaign leaves preview mode.
import { describe, expect, it } from "vitest";
import type { PreviewOffer } from "../../../../objects/agent-pool/protocol";
import { dialOffer, offerRefusal, previewTick, skipOffer, tellPool, type PreviewPool } from "../../../../objects/campaign/preview-desk";
import { planTick } from "../../../../objects/campaign/pacing-tick";
import { PREVIEW_OFFER_TIMEOUT_MS } from "../../../../objects/campaign/preview";
import { takeLeads } from "../../../../objects/campaign/lead-dialing";
import { initialObservedStats, recordDialsPlaced } from "../../../../objects/campaign/pacing/observed-stats";
import { config as baseConfig, lead, member, NOW, openCampaignStore, queuedRows, TODAY } from "./campaign-fixtures";

const config = { ...baseConfig, pacingMode: "preview" as const };
const previewing = (userId: string, accountId: string) => member(userId, "previewing", NOW, { preview: { campaignId: config.id, accountId } });

describe("the preview desk", () => {
  it("holds the top lead for the longest-idle available agent, one lead each, and dials nothing", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1", { balanceDueCents: 900 }), lead("2", { balanceDueCents: 500 }), lead("3", { balanceDueCents: 100 })]);

    const work = previewTick(store, config, [member("agent-b", "available", NOW - 5_000), member("agent-a", "available", NOW - 60_000)], NOW);

    expect(work.offers.map((o) => [o.userId, o.offer.accountId])).toEqual([
      ["agent-a", "1"],
      ["agent-b", "2"],
    ]);
    expect(work.offers[0]!.offer).toMatchObject({ accountName: "Account 1", balanceDueCents: 900, expiresAt: NOW + PREVIEW_OFFER_TIMEOUT_MS });
    expect(store.leads.get("1")?.state).toBe("offered");
    expect(store.calls.all()).toEqual([]);
    expect(store.meta.get("pacing")).toBe("Preview: 2 agents previewing, 0 calls live");
    // The next tick offers nothing new while both agents hold their lead.
    expect(previewTick(store, config, [previewing("agent-a", "1"), previewing("agent-b", "2")], NOW + 1000).offers).toEqual([]);
  });

  it("lets only the agent holding the lead act on it", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1")]);
    previewTick(store, config, [member("agent-a", "available")], NOW);
    expect(offerRefusal(store, config, true, "agent-b", "1")).toMatchObject({ ok: false, code: "another_agent" });
    expect(offerRefusal(store, config, true, "agent-a", "2")).toMatchObject({ ok: false, code: "not_offered" });
    expect(offerRefusal(store, config, false, "agent-a", "1")).toMatchObject({ ok: false, code: "not_offered" });
    expect(offerRefusal(store, config, true, "agent-a", "1")).toBeNull();
  });

  it("on Skip defers the lead by the retry spacing, counts the skip and lets the agent go", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1"), lead("2")]);
    previewTick(store, config, [member("agent-a", "available")], NOW);

    const work = skipOffer(store, config, "agent-a", "1", NOW + 10_000);

    expect(work.ended).toEqual([{ userId: "agent-a", accountId: "1", then: "available", why: "left" }]);
    expect(store.offers.all()).toEqual([]);
    expect(store.leads.get("1")?.state).toBe("deferred");
    expect(store.days.skipsOn(TODAY)).toEqual({ agent_skipped: 1 });
    store.leads.releaseDue(NOW + 10_000 + config.retrySpacingMinutes * 60_000 - 1, 10);
    expect(store.leads.get("1")?.state).toBe("deferred");
    store.leads.releaseDue(NOW + 10_000 + config.retrySpacingMinutes * 60_000, 10);
    expect(store.leads.get("1")?.state).toBe("ready");
  });

  it("on Dial places an agent-first call, after checking compliance again", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1"), lead("2")]);
    previewTick(store, config, [member("agent-a", "available"), member("agent-b", "available", NOW - 1000)], NOW);

    const dialing = dialOffer(store, config, "1", { userId: "agent-a", address: "sip:agent-a" }, NOW + 5_000);
    expect(dialing.ok && dialing.spec.dialer).toMatchObject({ previewAgent: { userId: "agent-a", address: "sip:agent-a" } });
    // The agent wraps up after it under the campaign's wrap-up.
    expect(dialing.ok && dialing.spec.wrapUp).toEqual(config.wrapUp);
    expect(store.leads.get("1")?.state).toBe("dialing");
    expect(store.calls.all().map((c) => [c.accountId, c.agentUserId])).toEqual([["1", "agent-a"]]);
    // A dial like any other: it ages the pacing statistics' outcome mix.
    expect(store.meta.get("stats")).toEqual(recordDialsPlaced(initialObservedStats(), 1));

    // Listed after the offer: refused now, recorded, and the agent let go.
    store.dnc.add("campaign", lead("2").phones[0]!);
    const refused = dialOffer(store, config, "2", { userId: "agent-b", address: "sip:agent-b" }, NOW + 6_000);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.result).toMatchObject({ code: "refused", reason: "dnc_campaign" });
    expect(store.leads.get("2")?.state).toBe("done");
    expect(store.days.skipsOn(TODAY)).toEqual({ dnc_campaign: 1 });
    // Listed meanwhile is not the agent's doing: the skip is nobody's.
    expect(queuedRows(store).map(({ row }) => row.table === "skip" && [row.row.reason, row.row.agentUserId])).toEqual([["dnc_campaign", null]]);
  });

  it("names the agent on the skip when their Dial comes after the callee's calling hours closed", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1")]);
    // Offered at 20:58 in New York; Dial pressed at 21:01, after the 08:00–21:00 window.
    const offeredAt = Date.UTC(2026, 10, 24, 1, 58);
    previewTick(store, config, [member("agent-a", "available", offeredAt - 60_000)], offeredAt);

    const refused = dialOffer(store, config, "1", { userId: "agent-a", address: "sip:agent-a" }, offeredAt + 3 * 60_000);

    expect(!refused.ok && refused.result).toMatchObject({ code: "refused", reason: "outside_calling_window" });
    expect(queuedRows(store).map(({ row }) => row.table === "skip" && [row.row.reason, row.row.agentUserId])).toEqual([["outside_calling_window", "agent-a"]]);
    // The dialer's own refusal of the same lead the next evening is nobody's.
    store.leads.releaseDue(Number.MAX_SAFE_INTEGER, 10);
    takeLeads(store, config, 1, offeredAt + 24 * 3_600_000 + 3 * 60_000);
    expect(queuedRows(store).map(({ row }) => row.table === "skip" && row.row.agentUserId)).toEqual(["agent-a", null]);
  });

  it("withdraws an offer whose agent left, and puts an agent who ignored theirs for five minutes on break", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1"), lead("2")]);
    previewTick(store, config, [member("agent-a", "available"), member("agent-b", "available", NOW - 1000)], NOW);

    const left = previewTick(store, config, [member("agent-a", "break"), previewing("agent-b", "2")], NOW + 1000);
    expect(left.ended).toEqual([{ userId: "agent-a", accountId: "1", then: "available", why: "left" }]);
    expect(store.leads.get("1")?.state).toBe("ready");

    const ignored = previewTick(store, config, [member("agent-a", "break"), previewing("agent-b", "2")], NOW + PREVIEW_OFFER_TIMEOUT_MS);
    expect(ignored.ended[0]).toEqual({ userId: "agent-b", accountId: "2", then: "break", why: "ignored" });
    expect(store.offers.all()).toEqual([]);
  });

  it("takes back an offer the pool would not show (the agent moved on) and tells the room", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1")]);
    const work = previewTick(store, config, [member("agent-a", "available")], NOW);
    const shown: PreviewOffer[] = [];
    const refusingPool: PreviewPool = {
      offerPreview: async (_userId, offer) => {
        shown.push(offer);
        return false;
      },
      endPreview: async () => undefined,
    };

    expect(await tellPool(store, config, refusingPool, work)).toBe(true);
    expect(shown.map((o) => o.accountId)).toEqual(["1"]);
    expect(store.offers.all()).toEqual([]);
    expect(store.leads.get("1")?.state).toBe("ready");
  });
});

describe("a pacing tick's plan", () => {
  it("gives held leads back to the queue when the campaign leaves preview mode, and dials instead", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1"), lead("2")]);
    const agents = [member("agent-a", "available")];
    expect(planTick(store, config, agents, NOW).poolWork.offers).toHaveLength(1);

    const plan = planTick(store, { ...config, pacingMode: "progressive" }, [previewing("agent-a", "1")], NOW + 1000);

    expect(plan.poolWork.ended).toEqual([{ userId: "agent-a", accountId: "1", then: "available", why: "left" }]);
    expect(store.offers.all()).toEqual([]);
    expect(store.meta.get("agents")).toEqual([previewing("agent-a", "1")]);
    expect(plan.specs).toEqual([]);
    // One chart point a minute, whichever mode the tick ran in.
    expect(store.points.all()).toHaveLength(1);
  });
});
