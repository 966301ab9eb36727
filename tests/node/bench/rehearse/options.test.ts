// The rehearsal's command line: the engine's policies only (VICIdial's adapt is refused with
// the reason), and the defaults a bare `--workload` gets.
import { describe, expect, it } from "vitest";
import { parseOptions } from "../../../../bench/rehearse/options";

describe("npm run rehearse's options", () => {
  it("defaults to ours at speed 8 for 60 workload minutes, and reads every flag", () => {
    expect(parseOptions(["--workload", "w.json"])).toEqual({
      ok: true,
      options: { workload: "w.json", speed: 8, policy: "ours", agents: null, seed: null, minutes: 60, json: false },
    });
    const parsed = parseOptions(["--workload=w.json", "--speed", "12", "--policy", "progressive", "--agents", "25", "--seed", "3", "--minutes", "5", "--json"]);
    expect(parsed).toEqual({ ok: true, options: { workload: "w.json", speed: 12, policy: "progressive", agents: 25, seed: 3, minutes: 5, json: true } });
  });

  it("refuses vicidial-adapt with the reason, and a missing workload or a bad number by name", () => {
    const vicidial = parseOptions(["--workload", "w.json", "--policy", "vicidial-adapt"]);
    expect(vicidial.ok).toBe(false);
    if (!vicidial.ok) expect(vicidial.message).toContain("exists only in the pacing simulator");
    const missing = parseOptions(["--speed", "8"]);
    if (!missing.ok) expect(missing.message).toContain("--workload is required");
    const agents = parseOptions(["--workload", "w.json", "--agents", "2.5"]);
    if (!agents.ok) expect(agents.message).toContain("--agents must be a whole number");
    expect([missing.ok, agents.ok]).toEqual([false, false]);
  });
});
