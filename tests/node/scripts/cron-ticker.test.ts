// `npm start` fires the Worker's Cron Triggers itself (wrangler dev never does): the
// minutes it fires them at, and that it fires exactly the schedules wrangler.toml deploys.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cronFiresAt } from "../../../scripts/lib/cron-ticker";
import { BILLING_USAGE_CRON, CRON_SCHEDULES, RETENTION_CRON, WEBHOOK_SWEEP_CRON } from "../../../worker/cron-schedules";

describe("the local cron ticker", () => {
  it("fires the sweep every minute, the retention job at :17 only and the usage report every quarter hour", () => {
    expect(cronFiresAt(WEBHOOK_SWEEP_CRON, new Date("2026-12-06T04:03:00Z"))).toBe(true);
    expect(cronFiresAt(RETENTION_CRON, new Date("2026-12-06T04:17:00Z"))).toBe(true);
    expect(cronFiresAt(RETENTION_CRON, new Date("2026-12-06T04:18:00Z"))).toBe(false);
    expect(["00", "15", "30", "45"].map((m) => cronFiresAt(BILLING_USAGE_CRON, new Date(`2026-12-06T04:${m}:00Z`)))).toEqual([true, true, true, true]);
    expect(cronFiresAt(BILLING_USAGE_CRON, new Date("2026-12-06T04:17:00Z"))).toBe(false);
    expect(() => cronFiresAt("0 3 * * 1", new Date())).toThrow(/understands/);
  });

  it("knows the same schedules wrangler.toml deploys", () => {
    const toml = readFileSync(new URL("../../../wrangler.toml", import.meta.url), "utf8");
    const crons = /crons\s*=\s*\[([^\]]*)\]/.exec(toml)?.[1] ?? "";
    expect([...crons.matchAll(/"([^"]+)"/g)].map((m) => m[1])).toEqual([...CRON_SCHEDULES]);
  });
});
