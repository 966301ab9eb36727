// Supervision: supervisors listening to, coaching (whisper) or joining (barge) a live
// call. The sessions are a pure fold (session-machine.ts); the carrier commands they
// want are pure (supervision-tasks.ts); each is sent once with its stored command_id
// through the carrier port, re-checked as still wanted first.
import { supervisorDialAccepted, supervisorDialFailed } from "../../local-events";
import type { CallFeature, CallSituation, TaskContext, TaskOutcome } from "../feature";
import { supervisionOf } from "./session-machine";
import { desiredSupervisorTasks, type SupervisorTask } from "./supervision-tasks";

const wantedNow = ({ spec, record, events }: CallSituation) => desiredSupervisorTasks(spec, record, supervisionOf(events));

async function sendSupervisorCommand(task: SupervisorTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  // Still wanted? The supervisor may have left, or the call ended, since it was planned.
  if (!wantedNow(situation).some((wanted) => wanted.name === task.name)) return { kind: "done", note: "no longer needed" };
  const outcome = await ports.carrier.supervise(situation.spec, task, attempt.commandId);
  const now = ports.now();
  const dialFailed = (error: string): TaskOutcome => ({ kind: "failed", error, events: task.action === "supervisor_dial" ? [supervisorDialFailed(now, task.sessionId, error)] : [] });
  switch (outcome.kind) {
    case "done":
      return { kind: "done", events: task.action === "supervisor_dial" && outcome.callControlId ? [supervisorDialAccepted(now, task.sessionId, outcome.callControlId)] : [] };
    case "moot":
      return task.action === "supervisor_dial" ? dialFailed(outcome.error) : { kind: "done", note: outcome.error };
    case "retry":
      return attempt.isLast ? dialFailed(outcome.error) : { kind: "retry", error: outcome.error };
    case "failed":
      return dialFailed(outcome.error);
  }
}

export const supervision: CallFeature<SupervisorTask> = {
  name: "supervision",
  desiredTasks: wantedNow,
  runners: {
    supervisor_dial: sendSupervisorCommand,
    supervisor_switch: sendSupervisorCommand,
    supervisor_hangup: sendSupervisorCommand,
  },
};
