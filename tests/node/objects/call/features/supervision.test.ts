// The supervisor-session state machine: a supervisor joins a live call (their leg is
// dialled as a supervisor of the agent's leg once the agent is up), switches mode (one
// switch per request, once their leg answered), leaves (only their leg is hung up), and
// the call's end ends every session first. One supervisor per call unless the
// organisation allows more. Every join, switch and leave lands on the call's timeline.
import { describe, expect, it } from "vitest";
import type { CarrierEvent, Supervisor } from "../../../../../objects/call/carrier-event";
import { toCallView } from "../../../../../objects/call/call-view";
import { supervision } from "../../../../../objects/call/features/supervision";
import { decideJoin, decideLeave, foldSupervision, liveSessions } from "../../../../../objects/call/features/supervision/session-machine";
import { desiredSupervisorTasks, type SupervisorTask } from "../../../../../objects/call/features/supervision/supervision-tasks";
import { supervisionLeft, supervisionRequested, supervisorDialAccepted } from "../../../../../objects/call/local-events";
import { foldCall } from "../../../../../objects/call/machine";
import type { SupervisorMode } from "../../../../../domain/supervision";
import { event, hangup, spec, T0 } from "../events";
import { contextOf, FakeClock, FakePorts, situationOf } from "../fake-ports";

const bridgeSpec = spec({ kind: "bridge", agentUserId: "agent-1", agentAddress: "sip:agent-agent-1@agents.test" });
const sam: Supervisor = { userId: "sup-1", name: "Sam Supervisor", address: "sip:agent-sup-1@agents.test" };
const ria: Supervisor = { userId: "sup-2", name: "Ria Lead", address: "sip:agent-sup-2@agents.test" };
const ONE = { maxSupervisors: 1 };

/** A bridge call whose agent and customer are talking by second 10. */
const talking: CarrierEvent[] = [
  event("call.initiated", 0, "agent"),
  event("call.answered", 1, "agent"),
  event("call.initiated", 2, "customer"),
  event("call.answered", 5, "customer"),
  event("call.bridged", 6, "customer"),
  event("call.bridged", 6, "agent"),
];

let requests = 0;
const ask = (atSecond: number, who: Supervisor, mode: SupervisorMode, sessionId = `session-${who.userId}`, visibleToAgent = true) =>
  supervisionRequested(T0 + atSecond * 1000, { requestId: `request-${++requests}`, sessionId, supervisor: who, mode, visibleToAgent });
const supervisorLeg = (sessionId: string, atSecond: number) => [
  supervisorDialAccepted(T0 + atSecond * 1000, sessionId, `v3:sup-${sessionId}`),
  event("call.initiated", atSecond, "supervisor", { callControlId: `v3:sup-${sessionId}` }),
  event("call.answered", atSecond + 1, "supervisor", { callControlId: `v3:sup-${sessionId}` }),
];
const tasksOf = (events: CarrierEvent[]) => desiredSupervisorTasks(bridgeSpec, foldCall(bridgeSpec, events), foldSupervision(events));
const decide = (events: CarrierEvent[], who: Supervisor, mode: SupervisorMode, policy = ONE) =>
  decideJoin(bridgeSpec, foldCall(bridgeSpec, events), foldSupervision(events), who.userId, mode, policy);

describe("joining", () => {
  it("dials the supervisor's softphone as a monitor of the agent's leg once the call is live", () => {
    expect(decide(talking, sam, "monitor")).toEqual({ kind: "join" });
    const joined = [...talking, ask(12, sam, "monitor")];
    expect(tasksOf(joined)).toEqual([
      {
        name: "supervisor-dial-session-sup-1",
        action: "supervisor_dial",
        sessionId: "session-sup-1",
        to: sam.address,
        from: bridgeSpec.from,
        superviseCallControlId: "v3:agent",
        role: "monitor",
        timeoutSecs: 30,
      },
    ]);
    // Once the carrier took the dial, nothing more is wanted: no switch, no hang-up.
    expect(tasksOf([...joined, ...supervisorLeg("session-sup-1", 13)])).toEqual([]);
  });

  it("waits for the agent's leg before dialling a supervisor who asked early", () => {
    const ringing = talking.slice(0, 1);
    const early = [...ringing, ask(0.5, sam, "whisper")];
    expect(decide(ringing, sam, "whisper")).toEqual({ kind: "join" });
    expect(tasksOf(early)).toEqual([]);
    expect(tasksOf([...early, event("call.answered", 1, "agent")])).toMatchObject([{ action: "supervisor_dial", role: "whisper" }]);
  });

  it("refuses a call with no agent, and a call that is over", () => {
    const direct = spec();
    expect(decideJoin(direct, foldCall(direct, []), foldSupervision([]), sam.userId, "monitor", ONE)).toMatchObject({ kind: "refused", reason: "no_agent" });
    const over = [...talking, hangup(20, "normal_clearing")];
    expect(decide(over, sam, "monitor")).toMatchObject({ kind: "refused", reason: "call_over" });
  });
});

describe("one supervisor per call unless the organisation allows more", () => {
  const samOn = [...talking, ask(12, sam, "monitor"), ...supervisorLeg("session-sup-1", 13)];

  it("refuses a second supervisor, naming the one already listening", () => {
    const refused = decide(samOn, ria, "monitor");
    expect(refused).toMatchObject({ kind: "refused", reason: "supervisor_limit" });
    expect(refused.kind === "refused" && refused.message).toContain("Sam Supervisor");
  });

  it("lets a second one in when the organisation allows two, and each gets a leg", () => {
    expect(decide(samOn, ria, "barge", { maxSupervisors: 2 })).toEqual({ kind: "join" });
    expect(tasksOf([...samOn, ask(15, ria, "barge")]).map((task) => [task.action, task.sessionId])).toEqual([["supervisor_dial", "session-sup-2"]]);
  });

  it("frees the place when the first leaves", () => {
    expect(decide([...samOn, supervisionLeft(T0 + 20_000, "session-sup-1")], ria, "monitor")).toEqual({ kind: "join" });
  });
});

describe("switching", () => {
  const samOn = [...talking, ask(12, sam, "monitor"), ...supervisorLeg("session-sup-1", 13)];

  it("sends one switch per request, in the mode asked last, once the leg answered", () => {
    expect(decide(samOn, sam, "whisper")).toMatchObject({ kind: "switch", session: { sessionId: "session-sup-1", mode: "monitor" } });
    const whisper = [...samOn, ask(20, sam, "whisper")];
    const [toWhisper] = tasksOf(whisper);
    expect(toWhisper).toMatchObject({ action: "supervisor_switch", callControlId: "v3:sup-session-sup-1", role: "whisper" });
    const barge = [...whisper, ask(25, sam, "barge")];
    const [toBarge] = tasksOf(barge);
    expect(toBarge).toMatchObject({ action: "supervisor_switch", role: "barge" });
    expect(toBarge!.name).not.toBe(toWhisper!.name);
  });

  it("answers a request for the mode already on with nothing to do", () => {
    expect(decide(samOn, sam, "monitor")).toMatchObject({ kind: "unchanged" });
  });

  it("does not switch a leg that has not answered yet: the dial's role is already the one asked", () => {
    const ringingLeg = [...talking, ask(12, sam, "monitor"), supervisorDialAccepted(T0 + 13_000, "session-sup-1", "v3:sup-session-sup-1"), ask(13.5, sam, "barge")];
    expect(tasksOf(ringingLeg)).toEqual([]);
  });
});

describe("leaving, and the call ending first", () => {
  const samOn = [...talking, ask(12, sam, "whisper"), ...supervisorLeg("session-sup-1", 13)];

  it("hangs up only the supervisor's leg when they leave", () => {
    expect(decideLeave(foldCall(bridgeSpec, samOn), foldSupervision(samOn), sam.userId)).toMatchObject({ kind: "leave" });
    const left = [...samOn, supervisionLeft(T0 + 30_000, "session-sup-1")];
    expect(tasksOf(left)).toEqual([{ name: "supervisor-hangup-session-sup-1", action: "supervisor_hangup", sessionId: "session-sup-1", callControlId: "v3:sup-session-sup-1" }]);
    expect(liveSessions(foldSupervision(left), foldCall(bridgeSpec, left))).toEqual([]);
    expect(foldCall(bridgeSpec, left).status).toBe("bridged");
  });

  it("says a supervisor who is not on the call cannot leave it", () => {
    expect(decideLeave(foldCall(bridgeSpec, samOn), foldSupervision(samOn), ria.userId)).toEqual({ kind: "not_supervising" });
  });

  it("hangs up the supervisor's leg when the customer hangs up first, and refuses a late switch", () => {
    const ended = [...samOn, hangup(40, "normal_clearing")];
    expect(tasksOf(ended)).toMatchObject([{ action: "supervisor_hangup" }]);
    expect(decide(ended, sam, "barge")).toMatchObject({ kind: "refused", reason: "call_over" });
    // The supervisor's own hang-up arriving later changes nothing about the call.
    const supervisorGone = [...ended, event("call.hangup", 41, "supervisor", { callControlId: "v3:sup-session-sup-1", hangupCause: "normal_clearing", hangupSource: "caller" })];
    expect(tasksOf(supervisorGone)).toEqual([]);
    expect(foldCall(bridgeSpec, supervisorGone).status).toBe("completed");
  });

  it("never dials a supervisor whose call ended before the dial went out", async () => {
    const asked = [...talking, ask(12, sam, "monitor")];
    const [dial] = tasksOf(asked) as [Extract<SupervisorTask, { action: "supervisor_dial" }>];
    const ports = new FakePorts(new FakeClock(T0 + 14_000));
    const over = situationOf(bridgeSpec, [...asked, hangup(13, "normal_clearing")], T0 + 14_000);
    expect(await supervision.runners.supervisor_dial(dial, contextOf(over, ports))).toEqual({ kind: "done", note: "no longer needed" });
    expect(ports.supervised).toEqual([]);
  });

  it("records the leg the carrier gave the dial", async () => {
    const asked = [...talking, ask(12, sam, "monitor")];
    const [dial] = tasksOf(asked) as [Extract<SupervisorTask, { action: "supervisor_dial" }>];
    const ports = new FakePorts(new FakeClock(T0 + 12_500));
    const outcome = await supervision.runners.supervisor_dial(dial, contextOf(situationOf(bridgeSpec, asked, T0 + 12_500), ports, { commandId: "cmd-sup" }));
    expect(ports.supervised).toEqual([{ task: dial, commandId: "cmd-sup" }]);
    expect(outcome).toMatchObject({ kind: "done", events: [{ type: "wib.supervisor.dial.accepted", callControlId: "v3:supervisor-session-sup-1", sessionId: "session-sup-1" }] });
  });
});

describe("the fold", () => {
  it("gives the same sessions for the events in any order and with duplicates", () => {
    const events = [...talking, ask(12, sam, "monitor"), ...supervisorLeg("session-sup-1", 13), ask(20, sam, "barge"), supervisionLeft(T0 + 30_000, "session-sup-1")];
    const shuffled = [...events].reverse();
    expect(foldSupervision([...shuffled, ...shuffled.slice(0, 3)])).toEqual(foldSupervision(events));
  });

  it("puts every join, switch and leave on the timeline, by name", () => {
    const events = [...talking, ask(12, sam, "monitor"), ...supervisorLeg("session-sup-1", 13), ask(20, sam, "whisper"), ask(25, sam, "barge"), supervisionLeft(T0 + 30_000, "session-sup-1")];
    const texts = foldCall(bridgeSpec, events).timeline.map((entry) => entry.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        "Sam Supervisor joined, listening (monitor)",
        "Sam Supervisor switched to coaching the agent (whisper)",
        "Sam Supervisor switched to speaking to both (barge)",
        "Sam Supervisor left",
      ]),
    );
  });

  it("shows the agent who listens and in which mode, unless the organisation hides supervisors from agents", () => {
    const shown = [...talking, ask(12, sam, "whisper"), ...supervisorLeg("session-sup-1", 13)];
    const view = (events: CarrierEvent[], audience: "agent" | "supervisor") => toCallView(bridgeSpec, foldCall(bridgeSpec, events), foldSupervision(events), audience);
    expect(view(shown, "agent").supervisors).toEqual([{ userId: sam.userId, name: sam.name, mode: "whisper", connected: true }]);

    const hidden = [...talking, ask(12, sam, "whisper", "session-sup-1", false), ...supervisorLeg("session-sup-1", 13)];
    expect(view(hidden, "agent").supervisors).toEqual([]);
    expect(view(hidden, "agent").timeline.some((entry) => entry.text.includes("Sam"))).toBe(false);
    expect(view(hidden, "supervisor").supervisors).toEqual([expect.objectContaining({ name: sam.name, mode: "whisper" })]);
    expect(view(hidden, "supervisor").timeline.some((entry) => entry.text.includes("Sam Supervisor joined"))).toBe(true);
  });
});
