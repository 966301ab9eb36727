// Taking leads to dial on a pacing tick, against the campaign's storage on SQLite: the
// right leads in the right order, every refusal recorded, the dial's bookkeeping.
import { describe, expect, it } from "vitest";
import { campaignSnapshot, pacingInputs } from "../../../../objects/campaign/campaign-snapshot";
import { dialTick, nextDialableLead, takeLeads } from "../../../../objects/campaign/lead-dialing";
import { MAX_STARTS_UNDER_WAY, startRoom } from "../../../../objects/campaign/dial-hold";
import type { PacingTraceEntry } from "../../../../objects/campaign/pacing/decision-trace";
import { initialObservedStats, recordDialsPlaced } from "../../../../objects/campaign/pacing/observed-stats";
import { config, lead, member, NOW, openCampaignStore, queuedRows, TODAY } from "./campaign-fixtures";

describe("taking leads to dial", () => {
  it("takes the highest balances first, skipping a do-not-call account and recording why", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1", { balanceDueCents: 500 }), lead("2", { balanceDueCents: 900, doNotCall: true }), lead("3", { balanceDueCents: 100 }), lead("4", { balanceDueCents: 50 })]);

    const specs = takeLeads(store, config, 2, NOW);

    expect(specs.map((s) => s.accountId)).toEqual(["1", "3"]);
    expect(specs[0]).toMatchObject({ kind: "dialer", to: lead("1").phones[0], from: config.fromNumber, dialer: { campaignId: config.id, debtIds: ["debt-1"] } });
    expect(store.leads.get("1")).toMatchObject({ state: "dialing", attempts: 1 });
    expect(store.leads.get("2")?.state).toBe("done");
    expect(store.leads.get("4")?.state).toBe("ready");
    expect(store.days.skipsOn(TODAY)).toEqual({ dnc_account: 1 });
    expect(store.days.since(TODAY).dials).toBe(2);
    expect(store.calls.all().map((c) => [c.accountId, c.phase])).toEqual([
      ["1", "ringing"],
      ["3", "ringing"],
    ]);
    const skip = queuedRows(store).find((r) => r.row.table === "skip");
    expect(skip?.row).toMatchObject({ table: "skip", row: { accountId: "2", reason: "dnc_account", nextEligibleAt: null, campaignId: config.id } });
  });

  it("ages the pacing statistics' outcome mix by the dials placed, once for the batch", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1"), lead("2"), lead("3")]);
    takeLeads(store, config, 3, NOW);
    expect(store.meta.get("stats")).toEqual(recordDialsPlaced(initialObservedStats(), 3));
    // A tick that dials nothing leaves them as they were.
    takeLeads(store, config, 2, NOW);
    expect(store.meta.get("stats")).toEqual(recordDialsPlaced(initialObservedStats(), 3));
  });

  it("defers a lead outside its calling window until the window opens, and dials one listed nowhere", async () => {
    const store = await openCampaignStore();
    // 15:00 UTC is 04:00 in Honolulu: outside 08:00–21:00.
    store.leads.add([lead("1", { balanceDueCents: 900, timeZone: "Pacific/Honolulu" }), lead("2", { balanceDueCents: 100 })]);
    store.dnc.add("org", lead("3").phones[0]!);
    store.leads.add([lead("3", { balanceDueCents: 50 })]);

    const specs = takeLeads(store, config, 3, NOW);

    expect(specs.map((s) => s.accountId)).toEqual(["2"]);
    expect(store.days.skipsOn(TODAY)).toEqual({ outside_calling_window: 1, dnc_org: 1 });
    expect(store.leads.get("1")?.state).toBe("deferred");
    expect(store.leads.get("3")?.state).toBe("done");
    // The deferred lead comes back once its window opens (08:00 in Honolulu is 18:00 UTC).
    store.leads.releaseDue(NOW + 2 * 3_600_000, 10);
    expect(store.leads.get("1")?.state).toBe("deferred");
    store.leads.releaseDue(NOW + 3 * 3_600_000, 10);
    expect(store.leads.get("1")?.state).toBe("ready");
  });

  it("dials one line per available agent on a progressive tick and explains an empty list", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1"), lead("2"), lead("3")]);
    store.meta.set("agents", [member("agent-a", "available"), member("agent-b", "available")]);

    const specs = dialTick(store, config, pacingInputs(store, config, NOW), NOW);
    expect(specs).toHaveLength(2);
    expect(store.meta.get("pacingState")).toEqual({ policy: "progressive" });
    expect(store.leads.left()).toBe(1);

    // Both agents are covered by calls in flight: nothing more is dialled.
    expect(dialTick(store, config, pacingInputs(store, config, NOW + 1000), NOW + 1000)).toEqual([]);

    store.leads.move("3", { state: "done", reason: "paid" });
    for (const call of store.calls.all()) store.calls.remove(call.callId);
    expect(dialTick(store, config, pacingInputs(store, config, NOW + 2000), NOW + 2000)).toEqual([]);
    expect(campaignSnapshot(store, NOW + 2000)?.stats.pacing).toBe("The list is done: every lead has been dialled or closed");
  });

  it("adds no more dials than the starts under way leave room for, and says how many wait", async () => {
    const store = await openCampaignStore();
    store.leads.add(Array.from({ length: 40 }, (_, i) => lead(String(i + 1))));
    const agents = Array.from({ length: 30 }, (_, i) => member(`agent-${i}`, "available"));
    const thirtyAgents = { ...config, agentUserIds: agents.map((a) => a.userId) };
    store.meta.set("agents", agents);

    const specs = dialTick(store, thirtyAgents, pacingInputs(store, thirtyAgents, NOW), NOW, startRoom(5));

    expect(specs).toHaveLength(MAX_STARTS_UNDER_WAY - 5);
    expect(store.leads.left()).toBe(40 - (MAX_STARTS_UNDER_WAY - 5));
    expect(campaignSnapshot(store, NOW)?.stats.pacing).toMatch(/; 10 more wait until the calls being started are under way$/);
    // The next tick, with those started, dials the agents still without a line.
    expect(dialTick(store, thirtyAgents, pacingInputs(store, thirtyAgents, NOW + 1000), NOW + 1000, startRoom(0))).toHaveLength(10);
  });

  it("shows a trace what the pacer saw and what was placed, when one is asked for", async () => {
    const store = await openCampaignStore();
    store.leads.add(Array.from({ length: 12 }, (_, i) => lead(String(i + 1))));
    const agents = Array.from({ length: 10 }, (_, i) => member(`agent-${i}`, i < 2 ? "wrap_up" : "available"));
    const tenAgents = { ...config, agentUserIds: agents.map((a) => a.userId) };
    store.meta.set("agents", agents);
    const traced: PacingTraceEntry[] = [];

    const specs = dialTick(store, tenAgents, pacingInputs(store, tenAgents, NOW), NOW, startRoom(MAX_STARTS_UNDER_WAY - 3), (entry) => traced.push(entry));

    expect(specs).toHaveLength(3);
    expect(traced).toHaveLength(1);
    expect(traced[0]).toMatchObject({ nowSeconds: NOW / 1000, agents: { available: 8, wrapUp: 2, loggedIn: 10 }, ringing: 0, wanted: 8, placed: 3 });
  });

  describe("an account whose consent is unknown", () => {
    const predictive = { ...config, pacingMode: "predictive" as const, maxLinesPerAgent: 2 };

    it("is skipped by a predictive campaign with the reason consent_unknown, recorded for the compliance report", async () => {
      const store = await openCampaignStore();
      store.leads.add([lead("1", { balanceDueCents: 900, consent: null }), lead("2", { balanceDueCents: 100 })]);

      const specs = takeLeads(store, predictive, 2, NOW);

      expect(specs.map((s) => s.accountId)).toEqual(["2"]);
      expect(store.leads.get("1")?.state).toBe("done");
      expect(store.days.skipsOn(TODAY)).toEqual({ consent_unknown: 1 });
      const skip = queuedRows(store).find((r) => r.row.table === "skip");
      expect(skip?.row).toMatchObject({ table: "skip", row: { accountId: "1", reason: "consent_unknown", nextEligibleAt: null } });
      expect(JSON.stringify(skip?.row)).toContain("has no recorded consent");
    });

    it("is dialled by a predictive campaign whose dialUnknownConsent is set", async () => {
      const store = await openCampaignStore();
      store.leads.add([lead("1", { consent: null })]);

      expect(takeLeads(store, { ...predictive, dialUnknownConsent: true }, 1, NOW).map((s) => s.accountId)).toEqual(["1"]);
      expect(store.days.skipsOn(TODAY)).toEqual({});
    });

    it("may be offered in preview (an agent dials each call), but a refused consent may not", async () => {
      const store = await openCampaignStore();
      store.leads.add([lead("1", { balanceDueCents: 900, consent: false }), lead("2", { balanceDueCents: 100, consent: null })]);

      const next = nextDialableLead(store, { ...config, pacingMode: "preview" }, NOW, { looks: 5 });

      expect(next?.lead.input.accountId).toBe("2");
      expect(store.days.skipsOn(TODAY)).toEqual({ no_consent: 1 });
    });
  });
});
