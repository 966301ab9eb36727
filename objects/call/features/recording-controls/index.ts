// Recording controls: the agent pauses and resumes their call's recording, each with a
// reason (the actor's `controlRecording` RPC decides, recording-state.ts); each accepted
// request is the call's event (timeline, record, audited by the route) and one carrier
// command, sent once with its command_id, in the order asked.
import { retryDelayMs } from "../../../shared/durable";
import { commandTaskOutcome, type CallFeature, type CallSituation, type TaskContext, type TaskOutcome } from "../feature";
import { desiredRecordingControlTasks, type RecordingControlTask } from "./recording-control-tasks";
import { foldRecordingControls } from "./recording-state";

// Not on an AI call: its transcription is what the AI hears once the person hands the call
// back, and a pause outlives the person who made it (only the call's agent resumes it).
const wanted = ({ spec, record, events }: CallSituation) => desiredRecordingControlTasks(record, foldRecordingControls(events), spec.transcribe && !spec.ai);

async function sendRecordingControl(task: RecordingControlTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  if (!wanted(situation).some((each) => each.name === task.name)) return { kind: "done", note: "no longer needed" };
  // A resume that overtook its pause would leave the recording paused after the agent resumed it.
  if (task.after && situation.tasks.state(task.after) === "pending") return { kind: "retry", error: `waiting for ${task.after}`, atMs: situation.nowMs + retryDelayMs(0) };
  const outcome = await ports.carrier.send(situation.spec, task.command, attempt.commandId);
  return commandTaskOutcome(outcome, attempt);
}

export const recordingControls: CallFeature<RecordingControlTask> = {
  name: "recordingControls",
  desiredTasks: wanted,
  runners: { recording_control: sendRecordingControl },
};
