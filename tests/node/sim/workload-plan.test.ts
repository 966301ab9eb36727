// A workload plan: the plan's numbers answer as a pacing workload says, each lead drawn
// by the pacing simulation's own drawLeadFate (so the rehearsal meets the people the
// pacing simulator predicts for), including the mix's drift, AMD's misjudgments, the
// talk time after the bridge and the machine an agent hears.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { drawLeadFate, leadDistributions } from "../../../objects/campaign/pacing/simulation/lead-fate";
import { parseWorkload, type Workload } from "../../../objects/campaign/pacing/simulation/workload";
import { startHarness, type Harness } from "./harness";

const PREFIX = "+15558";
const number = (lead: number) => `${PREFIX}${String(lead).padStart(6, "0")}`;

function workload(input: Record<string, unknown>): Workload {
  const parsed = parseWorkload({ name: "plan-test", agents: 2, ...input });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.workload;
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

async function plan(w: Workload, seed: number) {
  return h.control("PUT", "/control/workload-plan", { workload: w, seed, number_prefix: PREFIX });
}

describe("a workload plan", () => {
  it("answers each lead as drawLeadFate says: outcome, AMD verdict (misjudgments too), and the mix's drift after its phase starts", async () => {
    const w = workload({
      phases: [
        { fromSecond: 0, outcomes: { human: 0.4, machine: 0.3, noAnswer: 0.2, busy: 0.05, invalid: 0.05 } },
        { fromSecond: 100, outcomes: { human: 0, machine: 0, noAnswer: 1, busy: 0, invalid: 0 } },
      ],
      amd: { humanAsMachine: 0.2, machineAsHuman: 0.3 },
    });
    expect((await plan(w, 11)).status).toBe(200);
    const dist = leadDistributions(w);
    const early = [];
    for (let lead = 0; lead < 60; lead++) early.push({ lead, id: await h.dial(number(lead), { answering_machine_detection: "detect", timeout_secs: 30 }) });
    await h.advance(100);
    const late = [];
    for (let lead = 60; lead < 70; lead++) late.push({ lead, id: await h.dial(number(lead), { answering_machine_detection: "detect", timeout_secs: 30 }) });
    await h.advance(40);

    const verdicts = new Set<string>();
    for (const { lead, id } of early) {
      const fate = drawLeadFate(w, dist, 11, lead, 0);
      const answered = (fate.outcome === "human" || fate.outcome === "machine") && fate.answerSeconds < 30;
      if (answered) {
        const verdict = h.last(id, "call.machine.detection.ended").result as string;
        expect(verdict).toBe(fate.judgedHuman ? "human" : "machine");
        verdicts.add(`${fate.outcome}→${verdict}`);
      } else {
        expect(h.types(id)).not.toContain("call.answered");
        const cause = { noAnswer: "timeout", human: "timeout", machine: "timeout", busy: "user_busy", invalid: "not_found" }[fate.outcome];
        expect(h.last(id, "call.hangup").hangup_cause).toBe(cause);
      }
    }
    // The sample meets both misjudgments, not only the kinds' usual verdicts.
    expect(verdicts).toEqual(new Set(["human→human", "human→machine", "machine→machine", "machine→human"]));
    // From second 100 nobody answers.
    for (const { id } of late) expect(h.last(id, "call.hangup").hangup_cause).toBe("timeout");
    const shown = await h.control<{ plan: { dialled: Record<string, number> } }>("GET", "/control/workload-plan");
    expect(shown.body.plan.dialled.noAnswer).toBeGreaterThanOrEqual(10);
  });

  it("a person talks for the lead's talk time from the bridge, then hangs up; before the bridge they stay on", async () => {
    const w = workload({ phases: [{ fromSecond: 0, outcomes: { human: 1, machine: 0, noAnswer: 0, busy: 0, invalid: 0 } }], amd: { humanAsMachine: 0 } });
    await plan(w, 3);
    const fate = drawLeadFate(w, leadDistributions(w), 3, 7, 0);
    const customer = await h.dial(number(7), { answering_machine_detection: "detect", timeout_secs: 60 });
    await h.advance(fate.answerSeconds + fate.amdSeconds + 30);
    expect(h.last(customer, "call.machine.detection.ended").result).toBe("human");
    expect(h.types(customer)).not.toContain("call.hangup");
    const agent = await h.dial("sip:agent-1@agents.test");
    await h.advance(1);
    await h.client.calls.actions.bridge(customer, { call_control_id_to_bridge_with: agent });
    await h.advance(fate.talkSeconds - 0.5);
    expect(h.types(customer)).not.toContain("call.hangup");
    await h.advance(1);
    expect(h.last(customer, "call.hangup")).toMatchObject({ hangup_cause: "normal_clearing", hangup_source: "callee" });
  });

  it("a bad workload is a 422 naming its key; a reset ends the plan and the number plan answers again", async () => {
    const bad = await h.control<{ error: { message: string } }>("PUT", "/control/workload-plan", { workload: { name: "x", agents: 1, amd: { sensitivity: 1 } }, number_prefix: PREFIX });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('amd: unknown key "sensitivity"');
    await plan(workload({}), 1);
    await h.control("POST", "/control/reset");
    expect((await h.control<{ plan: unknown }>("GET", "/control/workload-plan")).body.plan).toBeNull();
  });
});
