// Help requests ("raise hand"): the agent on a call asks for a supervisor, with a reason.
// The request is the call's event (timeline and record); its state is a pure fold
// (help-state.ts); the pool is told when it is raised and cleared (help-tasks.ts), so
// every supervisor's board shows it with a one-click join.
import { retryDelayMs } from "../../../shared/durable";
import type { CallFeature, TaskContext, TaskOutcome } from "../feature";
import { foldHelpRequests } from "./help-state";
import { desiredHelpTasks, helpRaiseTaskName, type HelpTask } from "./help-tasks";

async function updatePool(task: HelpTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  if (task.change === "cleared") {
    // A clear that overtook its raise would leave the hand up on the board for good.
    const raised = situation.tasks.state(helpRaiseTaskName(task.requestId));
    if (raised === "pending") return { kind: "retry", error: "waiting for the raise to reach the pool", atMs: situation.nowMs + retryDelayMs(0) };
    if (raised === "failed") return { kind: "done", note: "the raise never reached the pool" };
  }
  try {
    if (task.change === "raised") {
      await ports.agentPool.helpRequested({ callId: situation.spec.id, requestId: task.requestId, userId: task.agentUserId, reason: task.reason, raisedAt: task.raisedAtMs });
    } else {
      await ports.agentPool.helpCleared(situation.spec.id, task.requestId);
    }
    return { kind: "done" };
  } catch (error) {
    return { kind: "retry", error: String(error) };
  }
}

export const helpRequests: CallFeature<HelpTask> = {
  name: "helpRequests",
  desiredTasks: ({ events, record }) => desiredHelpTasks(foldHelpRequests(events, record)),
  runners: { help_update: updatePool },
};
