// A dialer call as pure logic: what it asks the carrier, the pool and its campaign for,
// from its events alone (the CallActor only carries these out).
import { describe, expect, it } from "vitest";
import { desiredCommands, VOICEMAIL_BEEP_WAIT_MS } from "../../../../objects/call/features/carrier-commands/desired-commands";
import { dialerPhase, desiredDialerTasks } from "../../../../objects/call/features/dialer/dialer-tasks";
import { isAbandoned } from "../../../../objects/call/call-view";
import { foldCall, LOCAL_EVENTS } from "../../../../objects/call/machine";
import { amd, event, hangup, spec, T0 } from "./events";

const dialerSpec = spec({
  kind: "dialer",
  accountId: "33333333-3333-4333-8333-333333333333",
  dialer: { campaignId: "44444444-4444-4444-8444-444444444444", eligibleAgentUserIds: ["a1", "a2"], voicemailScript: "Please call us.", safeHarborMessage: "This is Acme; we will call back.", debtIds: [] },
});
const local = (type: string, atSecond: number, leg: "customer" | "agent", payload: Record<string, unknown> = {}) => event(type, atSecond, leg, { id: `${type}:${leg}`, payload });
const names = (events: Parameters<typeof foldCall>[1], nowMs = T0 + 20_000) => desiredCommands(dialerSpec, foldCall(dialerSpec, events), nowMs).map((c) => c.name);
const answeredHuman = [event("call.initiated", 0), event("call.answered", 6), amd(8, "human")];

describe("a dialer call", () => {
  it("dials only the customer, with AMD, and asks the pool for an agent once a person is on the line", () => {
    expect(names([])).toEqual(["dial-customer"]);
    const record = foldCall(dialerSpec, answeredHuman);
    expect(dialerPhase(record)).toBe("waiting");
    const tasks = desiredDialerTasks(dialerSpec, record, T0 + 8000);
    expect(tasks).toEqual(expect.arrayContaining([expect.objectContaining({ name: "reserve-agent", eligibleUserIds: ["a1", "a2"], windowEndsAtMs: T0 + 10_000 })]));
    expect(names(answeredHuman)).not.toContain("dial-agent");
  });

  it("tells its campaign AMD's verdict with the phase reports from the verdict on (a person's or a machine's), and not before", () => {
    const phaseTask = (events: Parameters<typeof foldCall>[1]) => desiredDialerTasks(dialerSpec, foldCall(dialerSpec, events), T0 + 20_000).find((t) => t.name.startsWith("campaign-phase-"));
    expect(phaseTask([event("call.initiated", 0), event("call.answered", 6)])).toEqual(expect.not.objectContaining({ verdict: expect.anything() }));
    expect(phaseTask(answeredHuman)).toMatchObject({ phase: "waiting", verdict: { result: "human", dialedAtMs: dialerSpec.createdAtMs, answeredAtMs: T0 + 6000, verdictAtMs: T0 + 8000 } });
    const machine = [event("call.initiated", 0), event("call.answered", 5), amd(7.5, "machine")];
    expect(phaseTask(machine)).toMatchObject({ phase: "voicemail", verdict: { result: "machine", answeredAtMs: T0 + 5000, verdictAtMs: T0 + 7500 } });
  });

  it("rings the reserved agent and bridges once both are up", () => {
    const reserved = [...answeredHuman, local(LOCAL_EVENTS.agentReserved, 8.5, "agent", { userId: "a2", address: "sip:agent-a2@x" })];
    expect(names(reserved)).toContain("dial-agent");
    const agentUp = [...reserved, event("call.initiated", 9, "agent"), event("call.answered", 9.5, "agent")];
    expect(names(agentUp)).toContain("bridge");
    expect(dialerPhase(foldCall(dialerSpec, agentUp))).toBe("connected");
  });

  it("with no agent in the window, speaks the safe-harbor message, hangs up after it, and counts as abandoned", () => {
    const unavailable = [...answeredHuman, local(LOCAL_EVENTS.agentUnavailable, 10, "customer")];
    expect(names(unavailable)).toContain("speak-safe-harbor");
    expect(names(unavailable)).not.toContain("hangup-customer");
    const played = [...unavailable, event("call.speak.ended", 14)];
    expect(names(played)).toContain("hangup-customer");
    const ended = foldCall(dialerSpec, [...played, hangup(15, "normal_clearing")]);
    expect(isAbandoned(dialerSpec, ended)).toBe(true);
    expect(desiredDialerTasks(dialerSpec, ended, T0 + 16_000)).toEqual([expect.objectContaining({ name: "campaign-outcome", outcome: expect.objectContaining({ result: "human", abandoned: true }) })]);
  });

  it("a late reservation after the safe harbor never rings an agent (the first verdict wins)", () => {
    const events = [...answeredHuman, local(LOCAL_EVENTS.agentUnavailable, 10, "customer"), local(LOCAL_EVENTS.agentReserved, 11, "agent", { userId: "a1", address: "sip:agent-a1@x" })];
    expect(names(events)).not.toContain("dial-agent");
  });

  it("a machine gets the voicemail after the beep, then a hang-up; without a beep it is given up after the wait", () => {
    const machine = [event("call.initiated", 0), event("call.answered", 5), amd(7, "machine")];
    expect(names(machine)).not.toContain("speak-voicemail");
    expect(names(machine)).not.toContain("hangup-customer");
    const beep = [...machine, event("call.machine.premium.greeting.ended", 12)];
    expect(names(beep)).toContain("speak-voicemail");
    expect(names([...beep, event("call.speak.ended", 18)])).toContain("hangup-customer");
    expect(names(machine, T0 + 5000 + VOICEMAIL_BEEP_WAIT_MS + 1)).toContain("hangup-customer");
  });

  it("a fax is hung up on at once and never left a message", () => {
    const fax = [event("call.initiated", 0), event("call.answered", 5), amd(7, "fax")];
    expect(names(fax)).toContain("hangup-customer");
    expect(names([...fax, event("call.machine.premium.greeting.ended", 12)])).not.toContain("speak-voicemail");
  });
});
