// The campaign view read from its storage on SQLite: the numbers the supervisor's room
// shows (queue, dials, calls in flight with names, agents, skips, alerts, the chart).
import { describe, expect, it, vi } from "vitest";
import { resolveCall } from "../../../../objects/campaign/call-outcomes";
import { campaignSnapshot, NOT_DIALLING_YET, saveChartPoint } from "../../../../objects/campaign/campaign-snapshot";
import { CampaignStorage } from "../../../../objects/campaign/campaign-storage";
import { takeLeads } from "../../../../objects/campaign/lead-dialing";
import { openTestSqlStorage } from "../../support/sqlite-storage";
import { config, lead, member, NOW, openCampaignStore, outcome } from "./campaign-fixtures";

describe("the campaign view", () => {
  it("is absent before the campaign's first start", async () => {
    expect(campaignSnapshot(new CampaignStorage(await openTestSqlStorage()), NOW)).toBeNull();
  });

  it("shows the queue, today's dials, each call in flight with its account and the agents", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1", { balanceDueCents: 900 }), lead("2", { balanceDueCents: 1000, doNotCall: true }), lead("3", { balanceDueCents: 100 })]);
    store.meta.set("agents", [member("agent-a", "available")]);
    const [spec] = takeLeads(store, config, 1, NOW);
    store.calls.setPhase(spec!.id, "connected", NOW + 10_000, "agent-a");

    const snapshot = campaignSnapshot(store, NOW + 12_000)!;

    expect(snapshot.campaign).toEqual({ id: config.id, name: config.name, status: "running", pacingMode: "progressive", abandonCapPercent: 3 });
    expect(snapshot.stats).toMatchObject({ queueLeft: 1, dialsToday: 1, skipsToday: { dnc_account: 1 }, pacing: NOT_DIALLING_YET });
    expect(snapshot.calls).toEqual([{ callId: spec!.id, accountId: "1", accountName: "Account 1", phone: spec!.to, phase: "connected", since: NOW + 10_000, agentUserId: "agent-a", sentiment: null, ivr: null, ai: null }]);
    expect(snapshot.agents.map((a) => [a.userId, a.state])).toEqual([
      ["agent-a", "available"],
      ["agent-b", "offline"],
    ]);
    expect(snapshot.serverNow).toBe(NOW + 12_000);
  });

  it("reports today's answer and abandon rates from resolved calls, with an alert at the cap", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1"), lead("2")]);
    store.meta.set("agents", [member("agent-a", "on_call")]);
    const specs = takeLeads(store, config, 2, NOW);
    resolveCall(store, outcome(specs[0]!.id, "1", specs[0]!.to, "human", { answeredAtMs: NOW + 5_000, humanAtMs: NOW + 6_000, abandoned: true }), NOW + 30_000);
    resolveCall(store, outcome(specs[1]!.id, "2", specs[1]!.to, "no_answer"), NOW + 30_000);

    const snapshot = campaignSnapshot(store, NOW + 31_000)!;

    expect(snapshot.stats.answerRate).toBe(0.5);
    expect(snapshot.stats.abandonToday).toEqual({ liveAnswered: 1, abandoned: 1, rate: 1 });
    expect(snapshot.calls).toEqual([]);
    expect(snapshot.alerts.map((a) => a.level)).toContain("critical");
  });

  it("shows one abandon alert, not one per rate, when today and the rolling 30 days are both over the cap after Stop", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1")]);
    store.meta.set("agents", [member("agent-a", "offline")]);
    const [spec] = takeLeads(store, config, 1, NOW);
    resolveCall(store, outcome(spec!.id, "1", spec!.to, "human", { answeredAtMs: NOW + 5_000, humanAtMs: NOW + 6_000, abandoned: true }), NOW + 30_000);
    store.meta.set("status", "stopped");

    const snapshot = campaignSnapshot(store, NOW + 31_000)!;

    expect(snapshot.stats.abandonToday.rate).toBe(1);
    expect(snapshot.stats.abandon30d.rate).toBe(1);
    // The rolling 30 days are the legal measure: that alert speaks for both.
    expect(snapshot.alerts).toEqual([
      { kind: "abandon_rate", at: NOW + 31_000, level: "critical", message: "Abandon rate rolling 30 days is 100.00 %, at or over the 3 % cap: the pacer dials progressively" },
    ]);
  });

  it("has no abandon rate (null, not 0 %) and no abandon alert until a person answers live", async () => {
    const store = await openCampaignStore();
    store.leads.add([lead("1"), lead("2")]);
    store.meta.set("agents", [member("agent-a", "on_call")]);
    const specs = takeLeads(store, config, 2, NOW);
    resolveCall(store, outcome(specs[0]!.id, "1", specs[0]!.to, "no_answer"), NOW + 30_000);
    const before = campaignSnapshot(store, NOW + 31_000)!;
    expect(before.stats.abandonToday).toEqual({ liveAnswered: 0, abandoned: 0, rate: null });
    expect(before.stats.abandon30d.rate).toBeNull();
    expect(before.alerts.filter((a) => a.message.startsWith("Abandon rate"))).toEqual([]);
    saveChartPoint(store, NOW + 31_000);
    expect(campaignSnapshot(store, NOW + 31_000)!.history.at(-1)?.abandonRate30d).toBeNull();

    resolveCall(store, outcome(specs[1]!.id, "2", specs[1]!.to, "human", { answeredAtMs: NOW + 35_000, humanAtMs: NOW + 36_000 }), NOW + 60_000);
    expect(campaignSnapshot(store, NOW + 61_000)!.stats.abandonToday).toEqual({ liveAnswered: 1, abandoned: 0, rate: 0 });
  });

  it("warns when a running campaign has nobody logged in, and keeps one chart point a minute", async () => {
    const store = await openCampaignStore();
    expect(campaignSnapshot(store, NOW)!.alerts.map((a) => a.message)).toContain("No agent of this campaign is logged in: nothing is dialled");
    saveChartPoint(store, NOW);
    saveChartPoint(store, NOW + 1_000);
    saveChartPoint(store, NOW + 60_000);
    expect(campaignSnapshot(store, NOW + 60_000)!.history.map((p) => p.at)).toEqual([NOW + 1_000, NOW + 60_000]);
  });
});

describe("the tick's chart point", () => {
  it("is the snapshot's figures without reading any call's account: a tick read each one's lead for the room's names", async () => {
    const store = await openCampaignStore();
    store.leads.add(["1", "2", "3"].map((id) => lead(id)));
    store.meta.set("agents", [member("agent-a", "on_call", NOW, { callId: "x" }), member("agent-b", "available")]);
    const specs = takeLeads(store, config, 3, NOW);
    store.calls.setPhase(specs[0]!.id, "connected", NOW + 10_000, "agent-a");
    const leadsRead = vi.spyOn(store.leads, "get");

    saveChartPoint(store, NOW + 12_000);

    expect(leadsRead).not.toHaveBeenCalled();
    const snapshot = campaignSnapshot(store, NOW + 12_000)!;
    expect(snapshot.history.at(-1)).toEqual({
      at: NOW + 12_000,
      dialLevel: snapshot.stats.dialLevel,
      answerRate: snapshot.stats.answerRate,
      abandonRate30d: snapshot.stats.abandon30d.rate,
      agentsOnCall: 1,
      callsInFlight: 3,
    });
  });
});
