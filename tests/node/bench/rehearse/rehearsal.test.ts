// The rehearsal's whole path on the real local stack, small and fast: two simulated
// agents, three workload minutes at speed 20 (9 s of real time). The engine dials the
// plan's leads, connects people to the agents over the pool socket, the agents save
// their dispositions, and the real run yields the prediction's metrics, by name, and the
// engine's own timings (tick, reservation) as the actors kept them.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseWorkload } from "../../../../objects/campaign/pacing/simulation/workload";
import { startStack, type Stack } from "../../../../scripts/lib/stack";
import { rehearse } from "../../../../bench/rehearse/rehearsal";

// Many people answer and talk briefly, so a few real seconds hold several connections.
const TINY = parseWorkload({
  name: "tiny-rehearsal",
  seed: 5,
  agents: 2,
  phases: [{ fromSecond: 0, outcomes: { human: 0.6, machine: 0.1, noAnswer: 0.2, busy: 0.05, invalid: 0.05 } }],
  talkSeconds: [{ weight: 1, median: 20, p90: 30 }],
  wrapSeconds: { median: 8, p90: 12 },
  maxLinesPerAgent: 2,
});

let stack: Stack;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "wib-rehearse-test-"));
  stack = await startStack({ dataDir, buildUi: false, env: {} });
}, 180_000);
afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe("a rehearsal on the local stack", () => {
  it("dials the workload's leads, connects people to the agents and reports the prediction's metrics", { timeout: 120_000 }, async () => {
    if (!TINY.ok) throw new Error(TINY.message);
    const result = await rehearse(stack, { workload: TINY.workload, policy: "ours", agents: 2, seed: 5, speed: 20, minutes: 3, log: () => {}, inspectorPort: null, profileFile: "" });
    expect(result.real.dials).toBeGreaterThan(0);
    expect(result.real.liveAnswered).toBeGreaterThan(0);
    expect(result.real.contactsPerAgentHour).toBeGreaterThan(0);
    expect(result.real.talkShare).toBeGreaterThan(0);
    expect(result.diagnostics.agentProblems).toEqual([]);
    expect(Object.keys(result.real).sort()).toEqual(Object.keys(result.predicted).sort());
    expect(result.real.policy).toBe(result.predicted.policy);
    // The engine's own figures, read from the actors through the API: every tick and every reservation counted.
    expect(result.engine.campaign?.tickMs.count).toBeGreaterThan(0);
    expect(result.engine.campaign?.tickLatenessMs.count).toBeGreaterThan(0);
    expect(result.engine.pool.reservationMs.count).toBeGreaterThanOrEqual(result.real.liveAnswered - result.real.abandoned);
    expect(result.engine.pool.reservationMs.p50).not.toBeNull();
    // Of each reservation, the wait before the pool started on it: counted for every ask, never longer than the whole.
    expect(result.engine.pool.reservationWaitMs.count).toBe(result.engine.pool.reservationMs.count);
    expect(result.engine.pool.reservationWaitMs.max!).toBeLessThanOrEqual(result.engine.pool.reservationMs.max!);
    expect(result.engine.cpuPerCallMs).toBeNull();
  });
});

// The benches' way past wrangler dev's proxy (scripts/lib/engine-url.ts), checked on the same stack.
describe("the Worker's own address", () => {
  it("is found past wrangler dev's proxy and answers as the Worker does", { timeout: 30_000 }, async () => {
    const engine = await stack.engineAddress();
    expect(engine.route).toMatch(/^straight to the Worker's workerd/);
    expect(engine.url).not.toBe(stack.url);
    const health = await fetch(`${engine.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, carrier: { mode: "simulator" } });
    // An unsigned carrier event is refused by our own verifier, not forwarded anywhere.
    const unsigned = await fetch(`${engine.url}/webhooks/telnyx`, { method: "POST", body: "{}" });
    expect(unsigned.status).toBe(401);
  });
});
