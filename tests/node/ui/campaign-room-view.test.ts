import { describe, expect, it } from "vitest";
import {
  abandonAlert,
  abandonGaugeLevel,
  abandonGaugeView,
  callAlertFeed,
  controlsFor,
  elapsedOnServerClock,
  formatAht,
  formatDialLevel,
  formatPercent,
  gaugeScale,
  groupAgentsByState,
  listedAlerts,
  skipReasonLabel,
  skipsByReason,
  NO_LIVE_ANSWERS_YET,
  orderCalls,
  aiHoldsCall,
} from "../../../ui/src/lib/campaign-room-view";
import { fabricatedSnapshot, FIXTURE_NOW } from "./campaign-snapshot-fixture";

describe("the abandon gauge", () => {
  const cap = 0.03;

  it("stays green up to 80 % of the cap, turns amber above it and red at the cap", () => {
    expect(abandonGaugeLevel(0, cap)).toBe("ok");
    expect(abandonGaugeLevel(0.024, cap)).toBe("ok");
    expect(abandonGaugeLevel(0.0241, cap)).toBe("warning");
    expect(abandonGaugeLevel(0.0299, cap)).toBe("warning");
    expect(abandonGaugeLevel(0.03, cap)).toBe("critical");
    expect(abandonGaugeLevel(0.05, cap)).toBe("critical");
  });

  it("puts the cap at 80 % of the bar and still fits a rate over it", () => {
    expect(gaugeScale(0.01, cap)).toBeCloseTo(0.0375);
    expect(gaugeScale(0.06, cap)).toBe(0.06);
  });

  it("shows a dash, saying why, before anyone answered live, and the percentage once someone has", () => {
    const before = abandonGaugeView(fabricatedSnapshot({ stats: { abandonToday: { liveAnswered: 0, abandoned: 0, rate: null } } }).stats.abandonToday.rate, cap);
    expect(before).toMatchObject({ text: "—", title: NO_LIVE_ANSWERS_YET, level: "ok", fillPercent: 0, levelWord: "no rate yet" });
    expect(before.capPercent).toBeCloseTo(80);
    expect(before.valueText).toBe("No live answers yet, cap 3.0 %");

    const after = abandonGaugeView(fabricatedSnapshot({ stats: { abandonToday: { liveAnswered: 1, abandoned: 0, rate: 0 } } }).stats.abandonToday.rate, cap);
    expect(after).toMatchObject({ text: "0.00 %", title: null, level: "ok", fillPercent: 0, levelWord: "within the cap" });
    expect(abandonGaugeView(0.0241, cap)).toMatchObject({ text: "2.41 %", level: "warning", valueText: "2.41 %, near the cap of 3.0 %" });
  });
});

describe("the room's abandon alert", () => {
  it("is silent while both rates are well under the cap", () => {
    expect(abandonAlert(0.01, 0.02, 0.03)).toBeNull();
  });

  it("warns when a rate nears the cap and names the 30-day rate first", () => {
    const alert = abandonAlert(0.025, 0.026, 0.03);
    expect(alert?.level).toBe("warning");
    expect(alert?.message).toMatch(/rolling 30-day abandon rate is 2\.60 %, nearing the 3\.0 % cap/);
  });

  it("says nothing about a rate that does not exist yet, and still speaks for the one that does", () => {
    expect(abandonAlert(null, null, 0.03)).toBeNull();
    expect(abandonAlert(null, 0.031, 0.03)?.message).toMatch(/rolling 30-day abandon rate is 3\.10 %/);
  });

  it("is critical when today's rate is at the cap even if 30 days is fine", () => {
    const alert = abandonAlert(0.031, 0.01, 0.03);
    expect(alert?.level).toBe("critical");
    expect(alert?.message).toMatch(/today's abandon rate is 3\.10 %/);
  });
});

describe("the agents board", () => {
  it("groups agents by state in board order, longest in the state first", () => {
    const groups = groupAgentsByState(fabricatedSnapshot().agents);
    expect(groups.map((g) => g.state)).toEqual(["available", "previewing", "on_call", "wrap_up", "break", "offline"]);
    expect(groups[0]!.agents.map((a) => a.name)).toEqual(["Cai", "Ana", "Hal", "Jo"]);
    expect(groups[2]!.agents.map((a) => a.name)).toEqual(["Ivy", "Ben", "Gus"]);
    expect(groups.reduce((n, g) => n + g.agents.length, 0)).toBe(10);
  });

  it("keeps empty states, so the counts show zero", () => {
    const groups = groupAgentsByState([]);
    expect(groups).toHaveLength(6);
    expect(groups.every((g) => g.agents.length === 0)).toBe(true);
  });

  it("reads time in state on the server's clock, never below zero", () => {
    const since = FIXTURE_NOW - 90_000;
    // This browser is 5 s behind the server: offset +5 s.
    expect(elapsedOnServerClock(since, FIXTURE_NOW - 5_000, 5_000)).toBe(90_000);
    expect(elapsedOnServerClock(since, FIXTURE_NOW - 5_000 + 1_000, 5_000)).toBe(91_000);
    expect(elapsedOnServerClock(FIXTURE_NOW + 2_000, FIXTURE_NOW, 0)).toBe(0);
  });
});

describe("campaign controls", () => {
  it("pause only while running, resume only while paused, stop while either", () => {
    expect(controlsFor("running")).toEqual({ pause: true, resume: false, stop: true });
    expect(controlsFor("paused")).toEqual({ pause: false, resume: true, stop: true });
    expect(controlsFor("stopped")).toEqual({ pause: false, resume: false, stop: false });
    expect(controlsFor("draft")).toEqual({ pause: false, resume: false, stop: false });
  });
});

describe("skips today", () => {
  it("lists reasons with a count, most frequent first, in the compliance module's words", () => {
    const rows = skipsByReason(fabricatedSnapshot().stats.skipsToday);
    expect(rows).toEqual([
      { reason: "outside_calling_window", label: "Outside calling hours", count: 12 },
      { reason: "reg_f_7_in_7", label: "7-in-7", count: 4 },
      { reason: "something_new", label: "Something new", count: 1 },
    ]);
  });

  it("turns an unknown code into words", () => {
    expect(skipReasonLabel("campaign_paused")).toBe("Campaign paused");
    expect(skipReasonLabel("dnc_campaign")).toBe("Campaign do-not-call list");
  });
});

describe("number formats", () => {
  it("shows fractions as percents, dial level with two decimals and AHT as a clock", () => {
    expect(formatPercent(0.0234)).toBe("2.34 %");
    expect(formatPercent(0.18, 1)).toBe("18.0 %");
    expect(formatPercent(Number.NaN)).toBe("—");
    expect(formatDialLevel(1.857)).toBe("1.86");
    expect(formatAht(267.4)).toBe("4:27");
    expect(formatAht(0)).toBe("—");
  });
});

describe("the room's alert list", () => {
  it("lists each other condition once, newest first, and leaves the abandon rate to the banner", () => {
    expect(
      listedAlerts([
        { kind: "abandon_rate", at: FIXTURE_NOW, level: "critical", message: "Abandon rate rolling 30 days is 4.00 %, at or over the 3 % cap" },
        { kind: "no_agents", at: FIXTURE_NOW - 1_000, level: "warning", message: "No agent of this campaign is logged in: nothing is dialled" },
      ]),
    ).toEqual([{ kind: "no_agents", at: FIXTURE_NOW - 1_000, level: "warning", message: "No agent of this campaign is logged in: nothing is dialled" }]);
  });
});

describe("the room's feed of call alerts", () => {
  const alert = (callId: string, key: string, at: number) => ({ callId, rule: key, key, message: `${key} on ${callId}`, segmentId: "s", at, accountName: null, agentUserId: null });

  it("shows each condition of a call once, newest first, whether it came pushed, in the snapshot, or both", () => {
    const pushed = [alert("call-2", "low_sentiment", 30), alert("call-1", "cease_contact", 10)];
    const fromSnapshot = [alert("call-1", "cease_contact", 10), alert("call-1", "legal_threat", 20)];
    expect(callAlertFeed(fromSnapshot, pushed).map((a) => `${a.callId}:${a.key}`)).toEqual(["call-2:low_sentiment", "call-1:legal_threat", "call-1:cease_contact"]);
    expect(callAlertFeed([], [])).toEqual([]);
  });
});

describe("the live calls' order", () => {
  const call = (callId: string, since: number, score: number | null) => ({
    callId,
    accountId: callId,
    accountName: callId,
    phone: "+15550100001",
    phase: "connected" as const,
    since,
    agentUserId: "u1",
    ivr: null,
    ai: null,
    sentiment: score === null ? null : { score, trend: "steady" as const },
  });
  const calls = [call("calm", 1_000, 0.4), call("silent", 500, null), call("angry", 3_000, -0.7), call("uneasy", 2_000, -0.2), call("angry-too", 2_500, -0.7)];

  it("offers Take over only while the AI holds the call (talking, or again after a hand-back)", () => {
    const withAi = (state: "talking" | "connecting_human" | "human_active" | "handed_back") => ({ ...call("ai", 1_000, null), ai: { state, handBacks: 0, order: 1 } });
    expect((["talking", "connecting_human", "human_active", "handed_back"] as const).filter((state) => aiHoldsCall(withAi(state)))).toEqual(["talking", "handed_back"]);
    expect(aiHoldsCall(call("no-ai", 1_000, null))).toBe(false);
  });

  it("by sentiment lists the unhappiest customer first, ties longest in phase first, and calls with no words yet last", () => {
    expect(orderCalls(calls, "sentiment").map((c) => c.callId)).toEqual(["angry-too", "angry", "uneasy", "calm", "silent"]);
  });

  it("by time lists the longest in phase first, whatever the mood", () => {
    expect(orderCalls(calls, "time").map((c) => c.callId)).toEqual(["silent", "calm", "uneasy", "angry-too", "angry"]);
  });
});
