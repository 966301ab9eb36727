// Recording controls: the agent pauses and resumes their call's recording, each with a
// reason (the actor's `controlRecording` RPC decides, recording-state.ts); each accepted
// request is the call's event (timeline, record, audited by the route) and one carrier
// command (two on a transcribed call: the carrier's transcription stops and starts with
// it), sent once with its command_id, in the order asked. On an AI call the pause ends
// with the person who made it.
import { retryDelayMs } from "../../../shared/durable";
import { commandTaskOutcome, type CallFeature, type CallSituation, type TaskContext, type TaskOutcome } from "../feature";
import { recordingControlRequested } from "../../local-events";
import { controlTaskName, desiredRecordingControlTasks, type RecordingControlTask } from "./recording-control-tasks";
import { foldRecordingControls, RESUMED_WITH_THE_AI, resumeOncePersonLeft, type RecordingControlState } from "./recording-state";
import type { CallSpec } from "../../call-spec";

const wanted = ({ spec, record, events }: CallSituation, state = foldRecordingControls(events)) => desiredRecordingControlTasks(spec, record, state);

/** An AI call's pause, once the person who made it has left the call (recording-state.ts). */
function resumedWithTheAi({ spec, record, events }: CallSituation) {
  if (!spec.ai) return [];
  const due = resumeOncePersonLeft(spec, record, foldRecordingControls(events));
  if (!due) return [];
  return [recordingControlRequested(due.atMs, "resume", { requestId: `${due.pause.requestId}-ai`, reason: RESUMED_WITH_THE_AI, byUserId: due.pause.byUserId })];
}

async function sendRecordingControl(task: RecordingControlTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  const state = foldRecordingControls(situation.events);
  if (!wanted(situation, state).some((each) => each.name === task.name)) return { kind: "done", note: "no longer needed" };
  // A resume that overtook its pause would leave the recording paused after the agent resumed it.
  if (task.after && situation.tasks.state(task.after) === "pending") return { kind: "retry", error: `waiting for ${task.after}`, atMs: situation.nowMs + retryDelayMs(0) };
  const outcome = await ports.carrier.send(situation.spec, task.command, attempt.commandId);
  return commandTaskOutcome(outcome, attempt, auditedIfRaisedByTheCall(situation.spec, state, task, ports.now()));
}

/** A resume the call raised itself (an AI call's person left) is audited once the carrier took it; a person's is audited by the route that took their request. */
function auditedIfRaisedByTheCall(spec: CallSpec, state: RecordingControlState, task: RecordingControlTask, atMs: number): TaskOutcome {
  const control = state.controls.find((each) => each.action === "resume" && controlTaskName(each) === task.name);
  if (control?.reason !== RESUMED_WITH_THE_AI) return { kind: "done" };
  const row = { id: `${spec.id}:${task.name}`, organizationId: spec.organizationId, callId: spec.id, action: "call.recording_resumed", detail: { reason: control.reason }, occurredAt: new Date(atMs) };
  return { kind: "done", rows: [{ key: `recording-audit:${task.name}`, row: { table: "call_audit", row } }] };
}

export const recordingControls: CallFeature<RecordingControlTask> = {
  name: "recordingControls",
  desiredTasks: wanted,
  dueEvents: resumedWithTheAi,
  runners: { recording_control: sendRecordingControl },
};
