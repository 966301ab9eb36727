// The role dashboards' pure parts: which dashboard each role gets, date presets on the
// organisation's calendar, bars drawn from the API's KPI rows (a missing rate is no bar,
// never 0), and empty states that say what to do.
import { describe, expect, it } from "vitest";
import type { KpiRow } from "../../../worker/http/contracts/analytics";
import { barsOf, dashboardKindFor, emptyStateFor, formatMetric, isEmptyPeriod, presetsOf, rangeOf, rangeProblem, supervisedTeamIds, todayIn } from "../../../ui/src/lib/dashboard";

const row = (over: Partial<KpiRow> & { key: string | null; label: string }): KpiRow => ({
  firstDay: "2026-12-01",
  lastDay: "2026-12-01",
  dials: 0,
  connects: 0,
  rightPartyContacts: 0,
  talkSeconds: 0,
  ahtSeconds: null,
  abandon: { period: { liveAnswered: 0, abandoned: 0, rate: null }, rolling30d: { liveAnswered: 0, abandoned: 0, rate: null } },
  promisesToPay: { count: 0, amountCents: 0 },
  promiseKept: { due: 0, kept: 0, rate: null },
  paymentsCollected: { count: 0, amountCents: 0 },
  conversion: { rightPartyContacts: 0, converted: 0, rate: null },
  complianceSkips: null,
  complianceSkipsCaused: 0,
  ai: { handled: 0, takenOver: 0, takeoverRate: null },
  presence: null,
  ...over,
});

describe("which dashboard", () => {
  it("gives agents their day, supervisors their teams, owners and admins the business, viewers none", () => {
    expect(["owner", "admin", "supervisor", "agent", "viewer"].map((r) => dashboardKindFor(r as never))).toEqual(["business_month", "business_month", "teams_today", "my_day", "none"]);
  });
});

describe("date ranges on the organisation's calendar", () => {
  it("takes today from the organisation's zone, not the browser's", () => {
    // 02:00 UTC on 6 December is still 5 December in New York and already 6 December in Tokyo.
    const instant = new Date("2026-12-06T02:00:00Z");
    expect(todayIn("America/New_York", instant)).toBe("2026-12-05");
    expect(todayIn("Asia/Tokyo", instant)).toBe("2026-12-06");
  });

  it("draws each preset back from today, both ends included, and recognises it", () => {
    expect(rangeOf("today", "2026-03-01")).toEqual({ from: "2026-03-01", to: "2026-03-01" });
    expect(rangeOf("last_7_days", "2026-03-01")).toEqual({ from: "2026-02-23", to: "2026-03-01" });
    expect(rangeOf("last_30_days", "2026-03-01")).toEqual({ from: "2026-01-31", to: "2026-03-01" });
    expect(rangeOf("this_month", "2026-03-17")).toEqual({ from: "2026-03-01", to: "2026-03-17" });
    expect(presetsOf({ from: "2026-03-01", to: "2026-03-17" }, "2026-03-17")).toEqual(["this_month"]);
    expect(presetsOf({ from: "2026-03-02", to: "2026-03-17" }, "2026-03-17")).toEqual([]);
    // On the 7th, the last 7 days are this month's days: both show pressed.
    expect(presetsOf({ from: "2026-12-01", to: "2026-12-07" }, "2026-12-07")).toEqual(["last_7_days", "this_month"]);
  });

  it("says what is wrong with a typed range before asking the API", () => {
    expect(rangeProblem({ from: "2026-03-02", to: "2026-03-01" })).toBe("The end is before the start.");
    expect(rangeProblem({ from: "", to: "2026-03-01" })).toBe("Pick both dates.");
    expect(rangeProblem({ from: "2025-01-01", to: "2026-03-01" })).toBe("At most 366 days.");
    expect(rangeProblem({ from: "2026-03-01", to: "2026-03-01" })).toBeNull();
  });
});

describe("bars from KPI rows", () => {
  const rows = [
    row({ key: "2026-12-01", label: "2026-12-01", connects: 4, abandon: { period: { liveAnswered: 8, abandoned: 1, rate: 0.125 }, rolling30d: { liveAnswered: 8, abandoned: 1, rate: 0.125 } } }),
    row({ key: "2026-12-02", label: "2026-12-02", connects: 0 }),
  ];

  it("draws the API's values in its order, days labelled MM-DD", () => {
    expect(barsOf(rows, "connects")).toEqual([
      { key: "2026-12-01", label: "12-01", value: 4 },
      { key: "2026-12-02", label: "12-02", value: 0 },
    ]);
  });

  it("leaves a day nobody answered without an abandon rate, never 0 %", () => {
    const bars = barsOf(rows, "abandonRate");
    expect(bars.map((b) => b.value)).toEqual([0.125, null]);
    expect(bars.map((b) => formatMetric("abandonRate", b.value))).toEqual(["12.5 %", "–"]);
  });

  it("keeps only a supervisor's own teams when they supervise any", () => {
    const teams = [
      { id: "t1", supervisors: [{ userId: "me" }] },
      { id: "t2", supervisors: [{ userId: "someone" }] },
    ];
    const mine = supervisedTeamIds(teams, "me");
    expect([...mine]).toEqual(["t1"]);
    expect(barsOf([row({ key: "t1", label: "North" }), row({ key: "t2", label: "South" }), row({ key: null, label: "No team" })], "dials", { onlyKeys: mine }).map((b) => b.label)).toEqual(["North"]);
  });

  it("shows promised cents as whole dollars", () => {
    expect(formatMetric("promisedCents", 123_456)).toBe("$1,235");
  });
});

describe("empty dashboards say what to do", () => {
  it("counts a period with no dial, connect or skip as empty", () => {
    expect(isEmptyPeriod(row({ key: "total", label: "All" }))).toBe(true);
    expect(isEmptyPeriod(row({ key: "total", label: "All", complianceSkips: { total: 1, byReason: { dnc_org: 1 } } }))).toBe(false);
  });

  it("sends an agent to their workspace today, and the owner to campaigns", () => {
    const agent = emptyStateFor("my_day", { from: "2026-12-06", to: "2026-12-06" }, "2026-12-06");
    expect(agent.message).toMatch(/no calls today\. Open your workspace and set yourself Available/);
    expect(agent.action).toEqual({ href: "/agent", label: "Open my workspace" });
    expect(emptyStateFor("business_month", { from: "2026-12-01", to: "2026-12-06" }, "2026-12-06")).toMatchObject({ message: expect.stringMatching(/^No calls in these dates\. Import accounts/), action: { href: "/campaigns" } });
  });
});
