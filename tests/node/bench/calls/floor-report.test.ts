// bench:calls --floor's report: workerd's CPU per webhook from the window's accounting, beside
// what was offered and handled, and the flag that asks for it.
import { describe, expect, it } from "vitest";
import { buildFloorReport, formatFloorReport } from "../../../../bench/calls/floor/report";
import { parseOptions } from "../../../../bench/calls/options";
import type { CpuUsage } from "../../../../bench/calls/process-cpu";

const cpu: CpuUsage = {
  cores: 2,
  machineBusyPct: 40,
  byGroupPctOfCore: { "workerd-runtime": 30, "workerd-proxy": 0.5, postgres: 0, "wrangler-node": 1, "bench-node": 20 },
  otherPctOfCore: 5,
  busiestThreads: [],
};

describe("bench:calls --floor's report", () => {
  it("divides workerd's share of a core by the webhooks handled in the window", () => {
    const report = buildFloorReport({ subrequest: false, calls: 200, speed: 5, windowSeconds: 30, offeredPerSecond: 250, webhooksOk: 6000, webhooksFailed: 2, socketMessages: 6000, actorStarts: 1500, callsStarted: 750, cpu });
    // 30 % of a core is 300 ms a second, over 200 webhooks a second.
    expect(report).toMatchObject({ webhooksPerSecond: 200, workerdCpuMsPerWebhook: 1.5, proxyCpuMsPerWebhook: 0.03, wranglerCpuMsPerWebhook: 0.08, socketMessagesPerWebhook: 1, actorStartsPerCall: 2, webhooksFailed: 2 });
    const text = formatFloorReport(report);
    expect(text).toContain("1.50 ms per webhook");
    expect(text).toContain("200.0 handled of 250.0 offered; 2 failed");
    expect(text).toContain("actor starts 2.00 per call");
  });

  it("says so when no webhook was handled, instead of dividing by zero", () => {
    const report = buildFloorReport({ subrequest: false, calls: 1, speed: 1, windowSeconds: 5, offeredPerSecond: 0.25, webhooksOk: 0, webhooksFailed: 1, socketMessages: 0, actorStarts: 0, callsStarted: 0, cpu });
    expect(report.workerdCpuMsPerWebhook).toBeNull();
    expect(formatFloorReport(report)).toContain("n/a (no webhook handled)");
  });

  it("is asked for with --floor, keeping the calls and speed given", () => {
    expect(parseOptions(["--floor", "--calls", "200", "--speed", "1"])).toMatchObject({ ok: true, options: { floor: true, calls: 200, speed: 1 } });
    expect(parseOptions([])).toMatchObject({ ok: true, options: { floor: false, floorSubrequest: false } });
    expect(parseOptions(["--floor", "--floor-subrequest"])).toMatchObject({ ok: true, options: { floor: true, floorSubrequest: true } });
  });
});
