// The agent's recording controls: only the call's agent, only while it records; a resume
// is refused while the caller is in a payment step; a request the state makes pointless
// is "unchanged"; each accepted request is one carrier command on the customer's leg, sent
// in the order asked (a resume waits for its pause), and none once the call is over. On an
// AI voice-agent call a pause ends with the person who made it.
import { describe, expect, it } from "vitest";
import type { CarrierEvent } from "../../../../../../objects/call/carrier-event";
import { callAgentUserId, toCallView } from "../../../../../../objects/call/call-view";
import { recordingControls } from "../../../../../../objects/call/features/recording-controls";
import { desiredRecordingControlTasks, type RecordingControlTask } from "../../../../../../objects/call/features/recording-controls/recording-control-tasks";
import { decideRecordingControl, foldRecordingControls, pausedSpans } from "../../../../../../objects/call/features/recording-controls/recording-state";
import { foldSupervision } from "../../../../../../objects/call/features/supervision/session-machine";
import { recordingControlRequested } from "../../../../../../objects/call/local-events";
import { foldCall } from "../../../../../../objects/call/machine";
import { event, hangup, spec, T0 } from "../../events";
import { contextOf, FakeClock, FakePorts, situationOf } from "../../fake-ports";
import { aiSpec } from "../ai-agent/ai-call";
import { LOCAL_EVENTS } from "../../../../../../objects/call/carrier-event";

const bridgeSpec = spec({ kind: "bridge", agentUserId: "agent-1", agentAddress: "sip:agent-agent-1@agents.test", record: true });
const talking: CarrierEvent[] = [
  event("call.initiated", 0, "agent"),
  event("call.answered", 1, "agent"),
  event("call.initiated", 2, "customer"),
  event("call.answered", 5, "customer"),
  event("call.bridged", 6, "customer"),
  event("call.bridged", 6, "agent"),
];
const pause = (atSecond: number, requestId: string) => recordingControlRequested(T0 + atSecond * 1000, "pause", { requestId, reason: "Card number", byUserId: "agent-1" });
const resume = (atSecond: number, requestId: string) => recordingControlRequested(T0 + atSecond * 1000, "resume", { requestId, reason: "Done", byUserId: "agent-1" });
const RECORDING = { recordingStarted: true, inPaymentStep: false };
const decide = (events: CarrierEvent[], action: "pause" | "resume", facts = RECORDING, userId = "agent-1") =>
  decideRecordingControl(bridgeSpec, foldCall(bridgeSpec, events), foldRecordingControls(events), facts, "agent-1", userId, action);

describe("who may pause the recording, and when", () => {
  it("the call's agent pauses a running recording, and resumes it once paused", () => {
    expect(decide(talking, "pause")).toEqual({ kind: "change" });
    expect(decide(talking, "resume")).toEqual({ kind: "unchanged" });
    const paused = [...talking, pause(10, "p1")];
    expect(decide(paused, "pause")).toEqual({ kind: "unchanged" });
    expect(decide(paused, "resume")).toEqual({ kind: "change" });
  });

  it("refuses anyone else, a call not recording yet, a call that is over, and a resume during a payment step", () => {
    expect(decide(talking, "pause", RECORDING, "agent-2")).toMatchObject({ kind: "refused", reason: "not_the_agent" });
    expect(decide(talking, "pause", { recordingStarted: false, inPaymentStep: false })).toMatchObject({ kind: "refused", reason: "not_recorded" });
    // A resume with nothing paused is already as asked, recording or not.
    expect(decide(talking, "resume", { recordingStarted: false, inPaymentStep: false })).toEqual({ kind: "unchanged" });
    expect(decide([...talking, hangup(20, "normal_clearing")], "pause")).toMatchObject({ kind: "refused", reason: "call_over" });
    expect(decide([...talking, pause(10, "p1")], "resume", { recordingStarted: true, inPaymentStep: true })).toMatchObject({ kind: "refused", reason: "payment_step" });
  });
});

describe("the record of it", () => {
  it("folds the same pauses in any order, ignoring one that changes nothing, with the paused spans and the timeline", () => {
    const events = [...talking, pause(10, "p1"), pause(11, "p-again"), resume(30, "r1"), pause(40, "p2")];
    const state = foldRecordingControls([...events].reverse());
    expect(state.controls.map((control) => control.requestId)).toEqual(["p1", "r1", "p2"]);
    expect(state.paused).toBe(true);
    const ended = foldCall(bridgeSpec, [...events, hangup(50, "normal_clearing")]);
    expect(pausedSpans(state, ended)).toEqual([
      { fromMs: T0 + 10_000, toMs: T0 + 30_000, reason: "Card number" },
      { fromMs: T0 + 40_000, toMs: ended.endedAtMs, reason: "Card number" },
    ]);
    // The actor stores only requests that change something, so the timeline has one line per change.
    const stored = [...talking, pause(10, "p1"), resume(30, "r1"), pause(40, "p2")];
    const view = toCallView(bridgeSpec, foldCall(bridgeSpec, stored), foldSupervision(stored), "agent", { recording: foldRecordingControls(stored) });
    expect(view.recordingPaused).toBe(true);
    expect(view.timeline.filter((entry) => entry.text.startsWith("Recording ")).map((entry) => [entry.text, entry.agentUserId])).toEqual([
      ["Recording paused: Card number", "agent-1"],
      ["Recording resumed: Done", "agent-1"],
      ["Recording paused: Card number", "agent-1"],
    ]);
  });
});

describe("a pause on an AI voice-agent call", () => {
  const aiCall = aiSpec();
  const personHolds = [event("call.initiated", 0), event("call.answered", 1), event("call.initiated", 2, "agent"), event("call.answered", 3, "agent"), event("call.bridged", 3, "agent")];
  const dueAt = (events: CarrierEvent[], atSecond: number) => recordingControls.dueEvents!(situationOf(aiCall, events, T0 + atSecond * 1000));

  it("ends with the person who made it: once they have left, the call resumes the recording in their name, at the moment they left", () => {
    const paused = [...personHolds, pause(4, "p1")];
    expect(dueAt(paused, 5)).toEqual([]);
    const left = [...paused, hangup(9, "normal_clearing", "agent")];
    const [resumed] = dueAt(left, 10);
    expect(resumed).toMatchObject({ type: LOCAL_EVENTS.recordingResumeRequested, occurredAtMs: T0 + 9000, requestId: "p1-ai", byUserId: "agent-1", reason: "the call went back to the AI" });
    const after = [...left, resumed!];
    expect(foldRecordingControls(after).paused).toBe(false);
    expect(dueAt(after, 11)).toEqual([]);
    // The carrier hears it: the recording resumes and, the call being transcribed, so does the transcription the AI listens to.
    const commands = recordingControls.desiredTasks(situationOf(aiCall, after, T0 + 11_000)).map((task) => task.command.action);
    expect(commands).toEqual(["record_pause", "transcription_stop", "record_resume", "transcription_start"]);
    const view = toCallView(aiCall, foldCall(aiCall, after));
    expect(view.timeline.map((entry) => entry.text)).toContain("Recording resumed: the call went back to the AI");
  });

  it("audits the resume the call raised once the carrier took it (a person's own is audited by the route)", async () => {
    const left = [...personHolds, pause(4, "p1"), hangup(9, "normal_clearing", "agent")];
    const after = [...left, ...dueAt(left, 10)];
    const situation = situationOf(aiCall, after, T0 + 11_000, { "agent-record-pause-p1": "done", "agent-record-pause-p1-transcription": "done" });
    const [, , resumeTask] = recordingControls.desiredTasks(situation) as RecordingControlTask[];
    const ports = new FakePorts(new FakeClock(T0 + 11_000));
    const outcome = await recordingControls.runners.recording_control(resumeTask!, contextOf(situation, ports));
    expect(outcome).toMatchObject({ kind: "done", rows: [{ row: { table: "call_audit", row: { action: "call.recording_resumed", detail: { reason: "the call went back to the AI" } } } }] });
    const paused = situationOf(aiCall, [...personHolds, pause(4, "p1")], T0 + 5000);
    const [pauseTask] = recordingControls.desiredTasks(paused);
    expect(await recordingControls.runners.recording_control(pauseTask!, contextOf(paused, ports))).toEqual({ kind: "done" });
  });

  it("is left alone on a call without an AI, where the agent leaving ends the call", () => {
    const plain = [...talking, pause(10, "p1"), hangup(20, "normal_clearing", "agent")];
    expect(recordingControls.dueEvents!(situationOf(bridgeSpec, plain, T0 + 21_000))).toEqual([]);
    expect(decide(plain, "resume")).toMatchObject({ kind: "refused", reason: "call_over" });
  });

  it("once the person has left, the call is not over: whoever asks is told they are not its agent, not that it ended", () => {
    const left = [...personHolds, pause(4, "p1"), hangup(9, "normal_clearing", "agent")];
    const after = [...left, ...dueAt(left, 10)];
    const record = foldCall(aiCall, after);
    const asked = decideRecordingControl(aiCall, record, foldRecordingControls(after), RECORDING, callAgentUserId(aiCall, record), "agent-1", "pause");
    expect(asked).toMatchObject({ kind: "refused", reason: "not_the_agent" });
    // The caller hanging up does end it.
    const ended = foldCall(aiCall, [...after, hangup(20, "normal_clearing")]);
    expect(decideRecordingControl(aiCall, ended, foldRecordingControls(after), RECORDING, "agent-1", "agent-1", "pause")).toMatchObject({ kind: "refused", reason: "call_over" });
  });
});

describe("the carrier commands", () => {
  const untranscribed = { ...bridgeSpec, transcribe: false };
  const tasksOf = (events: CarrierEvent[], transcribed = false) => {
    const callSpec = transcribed ? bridgeSpec : untranscribed;
    return desiredRecordingControlTasks(callSpec, foldCall(callSpec, events), foldRecordingControls(events));
  };

  it("one record_pause / record_resume per request on the customer's leg, each after the one before; none once the call is over", () => {
    const events = [...talking, pause(10, "p1"), resume(30, "r1")];
    expect(tasksOf(events).map((task) => [task.name, task.command.action, task.after])).toEqual([
      ["agent-record-pause-p1", "record_pause", null],
      ["agent-record-resume-r1", "record_resume", "agent-record-pause-p1"],
    ]);
    expect(tasksOf(events)[0]!.command).toMatchObject({ leg: "customer", callControlId: "v3:customer" });
    expect(tasksOf([...events, hangup(40, "normal_clearing")])).toEqual([]);
  });

  it("on a transcribed call each pause also stops the carrier's transcription and each resume starts it again, in one chain", () => {
    const events = [...talking, pause(10, "p1"), resume(30, "r1")];
    expect(tasksOf(events, true).map((task) => [task.name, task.command.action, task.after])).toEqual([
      ["agent-record-pause-p1", "record_pause", null],
      ["agent-record-pause-p1-transcription", "transcription_stop", "agent-record-pause-p1"],
      ["agent-record-resume-r1", "record_resume", "agent-record-pause-p1-transcription"],
      ["agent-record-resume-r1-transcription", "transcription_start", "agent-record-resume-r1"],
    ]);
  });

  it("holds a resume back while its pause is still pending, then sends it", async () => {
    const events = [...talking, pause(10, "p1"), resume(30, "r1")];
    const [, resumeTask] = tasksOf(events) as [RecordingControlTask, RecordingControlTask];
    const ports = new FakePorts(new FakeClock(T0 + 31_000));
    const waiting = await recordingControls.runners.recording_control(resumeTask, contextOf(situationOf(bridgeSpec, events, T0 + 31_000, { "agent-record-pause-p1": "pending" }), ports));
    expect(waiting.kind).toBe("retry");
    expect(ports.sent).toEqual([]);
    const sent = await recordingControls.runners.recording_control(resumeTask, contextOf(situationOf(bridgeSpec, events, T0 + 32_000, { "agent-record-pause-p1": "done" }), ports));
    expect(sent.kind).toBe("done");
    expect(ports.sent.map((each) => each.command.action)).toEqual(["record_resume"]);
  });
});
