// The dialer's hand-off: once a person answers a predictive call, ask the pool for the
// longest-idle of the campaign's agents until the connect window closes (then the
// safe-harbor message plays); tell the campaign each phase and, once, the outcome.
// What it wants is pure (dialer-tasks.ts); the asking runs against the pool and
// campaign ports.
import { agentReserved, agentUnavailable } from "../../local-events";
import type { CallFeature, TaskContext, TaskOutcome } from "../feature";
import { desiredDialerTasks, type CampaignUpdateTask, type DialerTask, type ReserveAgentTask } from "./dialer-tasks";
import { logEvent } from "../../../../domain/log";

/** How soon a call waiting for an agent asks the pool again. */
export const RESERVE_RETRY_MS = 200;

async function reserveAgent(task: ReserveAgentTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  let reserved = null;
  try {
    reserved = await ports.agentPool.reserveLongestIdleAgent(situation.spec.id, task.eligibleUserIds);
  } catch (error) {
    // Counted as "nobody free": the window is short, and the next ask may reach the pool.
    logEvent({ event: "call_reserve_agent_failed", callId: situation.spec.id, error: String(error) });
  }
  const now = ports.now();
  if (reserved) return { kind: "done", events: [agentReserved(now, reserved)] };
  if (now >= task.windowEndsAtMs) return { kind: "done", note: "no agent free within the connect window", events: [agentUnavailable(now)] };
  return { kind: "retry", error: "no agent free yet", atMs: Math.min(task.windowEndsAtMs, now + RESERVE_RETRY_MS) };
}

async function updateCampaign(task: CampaignUpdateTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  try {
    if ("outcome" in task) await ports.campaign.callResolved(task.campaignId, task.outcome);
    else await ports.campaign.callPhase(task.campaignId, situation.spec.id, task.phase, task.atMs, task.verdict);
    return { kind: "done" };
  } catch (error) {
    return { kind: "retry", error: String(error) };
  }
}

export const dialer: CallFeature<DialerTask> = {
  name: "dialer",
  desiredTasks: ({ spec, record, nowMs }) => desiredDialerTasks(spec, record, nowMs),
  runners: { reserve_agent: reserveAgent, campaign_update: updateCampaign },
};
