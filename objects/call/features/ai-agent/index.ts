// The AI voice agent as a call feature (calls whose spec has `ai`: an inbound number
// routed to "ai_agent"). Its state is the turn machine folded over its journal
// (journal.ts); its tasks are the machine's effects (ai-tasks.ts). The runners: carrier
// commands sent once with their command_id (a speech the caller talked over is dropped),
// the model asked through the model port (its output comes back as events, sentence by
// sentence), tools run on the engine's paths (tool-runs.ts), a human asked of the pool
// (carrier-commands dials and bridges who it gives), timeline lines raised as events.
import { logEvent } from "../../../../domain/log";
import { agentReserved } from "../../local-events";
import { commandTaskOutcome, type CallFeature, type TaskContext, type TaskOutcome } from "../feature";
import type { AiAskModelTask, AiCampaignStateTask, AiCancelModelTask, AiCommandTask, AiRaiseTask, AiReserveHumanTask, AiRunToolTask, AiSummariseHandBackTask, AiTask } from "./ai-tasks";
import { desiredAiTasks, speechSuperseded } from "./ai-tasks";
import { aiEvent, aiFoldOf, aiWakeTime, dueJournalEntries } from "./journal";
import { handBackSummaryMessages, humanPartLines } from "./hand-back-summary";
import { runTool } from "./tool-runs";
import { reportToPool } from "./ai-pool-report";

/** How soon a caller waiting for a human asks the pool again. */
export const AI_RESERVE_RETRY_MS = 1000;

async function sendAiCommand(task: AiCommandTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  const fold = aiFoldOf(situation.spec, situation.events);
  if (task.command.action === "speak" && fold && speechSuperseded(fold, task.name)) return { kind: "done", note: "no longer needed" };
  const outcome = await ports.carrier.send(situation.spec, task.command, attempt.commandId);
  const said = task.said === null ? [] : [aiEvent(`said:${task.name}`, ports.now(), { kind: "said", text: task.said, purpose: "speech" })];
  return commandTaskOutcome(outcome, attempt, { kind: "done", events: said });
}

async function askModel(task: AiAskModelTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const fold = aiFoldOf(situation.spec, situation.events);
  if (fold?.state.request?.id !== task.requestId) return { kind: "done", note: "no longer needed" };
  // The reply streams back as events (wib.ai model_output); this task only starts it.
  ports.ai.startReply(situation.spec, { requestId: task.requestId, messages: task.messages, tools: task.tools });
  return { kind: "done" };
}

async function cancelModel(task: AiCancelModelTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  ports.ai.cancel(situation.spec, task.requestId);
  return { kind: "done" };
}

async function runAiTool(task: AiRunToolTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const nowMs = ports.now();
  const run = runTool(task, situation.spec, situation.events, nowMs);
  const result = aiEvent(`tool:${task.name}`, nowMs, { kind: "tool_result", requestId: task.requestId, callId: task.call.id, result: run.result });
  return { kind: "done", events: [...run.events, result], rows: run.rows };
}

async function reserveHuman(task: AiReserveHumanTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const state = aiFoldOf(situation.spec, situation.events)?.state;
  const generation = task.generation ?? 1;
  if (state?.phase !== "human_requested" || state.humanRequests !== generation) return { kind: "done", note: "no longer needed" };
  let reserved = null;
  try {
    reserved = await ports.agentPool.reserveLongestIdleAgent(situation.spec.id, task.eligibleUserIds ?? null);
  } catch (error) {
    logEvent({ event: "call_reserve_agent_failed", callId: situation.spec.id, error: String(error) });
  }
  const now = ports.now();
  if (reserved) return { kind: "done", events: [agentReserved(now, reserved, generation)] };
  if (now >= task.giveUpAtMs) return { kind: "done", note: "no human free", events: [aiEvent(`unavailable:${task.name}`, now, { kind: "human_unavailable", reason: "no agent free" })] };
  return { kind: "retry", error: "no agent free yet", atMs: Math.min(task.giveUpAtMs, now + AI_RESERVE_RETRY_MS) };
}

async function summariseHandBack(task: AiSummariseHandBackTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const fold = aiFoldOf(situation.spec, situation.events);
  if (fold?.state.handBackSummary?.id !== task.handBackId) return { kind: "done", note: "no longer needed" };
  // The answer comes back as an event (wib.ai hand_back_summary); the journal's timer gives up on it.
  ports.ai.summarise(situation.spec, { handBackId: task.handBackId, messages: handBackSummaryMessages(task.notes, humanPartLines(situation.events)) });
  return { kind: "done" };
}

/** The supervisors' live room: the campaign keeps the newest state (by its order), so a late or repeated report changes nothing. */
async function tellCampaign(task: AiCampaignStateTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  const room = aiFoldOf(situation.spec, situation.events)?.room;
  if (!room || room.order !== task.ai.order) return { kind: "done", note: "a newer state was reported" };
  try {
    await ports.campaign.callAi(task.campaignId, situation.spec.id, task.ai);
    return { kind: "done" };
  } catch (error) {
    return attempt.isLast ? { kind: "failed", error: String(error) } : { kind: "retry", error: String(error) };
  }
}

async function raise(task: AiRaiseTask, { ports }: TaskContext): Promise<TaskOutcome> {
  return { kind: "done", events: [aiEvent(`raised:${task.name}`, ports.now(), task.body)] };
}

export const aiAgent: CallFeature<AiTask> = {
  name: "aiAgent",
  desiredTasks: desiredAiTasks,
  wakeAtMs: (situation) => {
    const fold = aiFoldOf(situation.spec, situation.events);
    return fold ? aiWakeTime(fold, situation.events, situation.nowMs) : null;
  },
  dueEvents: (situation) => {
    const fold = aiFoldOf(situation.spec, situation.events);
    return fold ? dueJournalEntries(fold, situation.events, situation.nowMs) : [];
  },
  runners: {
    ai_command: sendAiCommand,
    ai_ask_model: askModel,
    ai_cancel_model: cancelModel,
    ai_run_tool: runAiTool,
    ai_reserve_human: reserveHuman,
    ai_raise: raise,
    ai_summarise_hand_back: summariseHandBack,
    ai_campaign_state: tellCampaign,
    ai_pool_state: reportToPool,
  },
};

/** Runs one AI task with its own runner (for drivers outside the actor: tests and bench:ai). */
export function runAiTask(task: AiTask, context: TaskContext): Promise<TaskOutcome> {
  switch (task.action) {
    case "ai_command":
      return aiAgent.runners.ai_command(task, context);
    case "ai_ask_model":
      return aiAgent.runners.ai_ask_model(task, context);
    case "ai_cancel_model":
      return aiAgent.runners.ai_cancel_model(task, context);
    case "ai_run_tool":
      return aiAgent.runners.ai_run_tool(task, context);
    case "ai_reserve_human":
      return aiAgent.runners.ai_reserve_human(task, context);
    case "ai_raise":
      return aiAgent.runners.ai_raise(task, context);
    case "ai_summarise_hand_back":
      return aiAgent.runners.ai_summarise_hand_back(task, context);
    case "ai_campaign_state":
      return aiAgent.runners.ai_campaign_state(task, context);
    case "ai_pool_state":
      return aiAgent.runners.ai_pool_state(task, context);
  }
}
