// What the AI wants done, as a pure function of its journal: each effect of each step
// becomes one task named after the step and the effect's place in it (`ai-000012-1`), so
// re-deriving after every event never sends anything twice. Speech and stops are carrier
// commands on the customer's leg; a model request, a cancel, a tool run, a human asked of
// the pool, a timeline line are the AI's own actions. Taking a human on the call needs
// no task here: the pool's agent (agentReserved) is dialled and bridged by
// carrier-commands, as on IVR calls; hand-back hangs their leg up.
import { z } from "zod";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";
import { carrierCommandSchema, type CarrierCommand } from "../carrier-commands/desired-commands";
import type { CallSituation } from "../feature";
import { aiEventBodySchema, noteBody, type AiEventBody } from "./ai-events";
import type { AiVoice } from "../../../../domain/ai-agent-settings";
import { aiRoomState } from "../../../../domain/ai-agent";
import type { AiEffect } from "./ai-types";
import { aiFoldOf, type AiFold, type AiStepTaken } from "./journal";
import { aiCallHumans, aiPoolStateTaskSchema, desiredAiPoolReport, type AiPoolStateTask } from "./ai-pool-report";

/** How long a caller waits for a human before the AI says nobody is free. */
export const AI_HUMAN_WAIT_MS = 20_000;

const name = z.string().startsWith("ai-");
const message = z.record(z.string(), z.unknown());

export const aiCommandTaskSchema = z.object({ name, action: z.literal("ai_command"), command: carrierCommandSchema, said: z.string().nullable() });
export const aiAskModelTaskSchema = z.object({
  name,
  action: z.literal("ai_ask_model"),
  requestId: z.number().int(),
  messages: z.array(message),
  tools: z.array(z.object({ name: z.string(), description: z.string(), parameters: z.record(z.string(), z.unknown()) })),
});
export const aiCancelModelTaskSchema = z.object({ name, action: z.literal("ai_cancel_model"), requestId: z.number().int() });
export const aiRunToolTaskSchema = z.object({
  name,
  action: z.literal("ai_run_tool"),
  requestId: z.number().int(),
  call: z.object({ id: z.string(), name: z.string(), args: z.record(z.string(), z.unknown()) }),
});
/**
 * eligibleUserIds: the person who asked to take over; else (the AI asked) the call's own
 * agents (spec.ai.humanUserIds: a campaign's, or the number's queue's), null on calls
 * stored before that: any agent. generation: which agent leg (absent on older rows: 1).
 */
export const aiReserveHumanTaskSchema = z.object({
  name,
  action: z.literal("ai_reserve_human"),
  giveUpAtMs: z.number(),
  eligibleUserIds: z.array(z.string()).nullish(),
  generation: z.number().int().positive().optional(),
});
/** Asks the model to summarise a hand-back's human part (its answer comes back as a wib.ai hand_back_summary event). */
export const aiSummariseHandBackTaskSchema = z.object({ name, action: z.literal("ai_summarise_hand_back"), handBackId: z.number().int(), notes: z.string() });
/** An AI-agent campaign's call tells its campaign each change of the AI's state (the supervisors' live room). */
export const aiCampaignStateTaskSchema = z.object({ name: z.string().startsWith("ai-campaign-"), action: z.literal("ai_campaign_state"), campaignId: z.string(), ai: aiRoomState });
export const aiRaiseTaskSchema = z.object({ name, action: z.literal("ai_raise"), body: aiEventBodySchema });

export type AiCommandTask = z.infer<typeof aiCommandTaskSchema>;
export type AiAskModelTask = z.infer<typeof aiAskModelTaskSchema>;
export type AiCancelModelTask = z.infer<typeof aiCancelModelTaskSchema>;
export type AiRunToolTask = z.infer<typeof aiRunToolTaskSchema>;
export type AiReserveHumanTask = z.infer<typeof aiReserveHumanTaskSchema>;
export type AiRaiseTask = z.infer<typeof aiRaiseTaskSchema>;
export type AiSummariseHandBackTask = z.infer<typeof aiSummariseHandBackTaskSchema>;
export type AiCampaignStateTask = z.infer<typeof aiCampaignStateTaskSchema>;
export type AiTask = AiCommandTask | AiAskModelTask | AiCancelModelTask | AiRunToolTask | AiReserveHumanTask | AiRaiseTask | AiSummariseHandBackTask | AiCampaignStateTask | AiPoolStateTask;

export const aiTaskSchemas = [
  aiCommandTaskSchema,
  aiAskModelTaskSchema,
  aiCancelModelTaskSchema,
  aiRunToolTaskSchema,
  aiReserveHumanTaskSchema,
  aiRaiseTaskSchema,
  aiSummariseHandBackTaskSchema,
  aiCampaignStateTaskSchema,
  aiPoolStateTaskSchema,
] as const;

/** The task that tells the campaign the AI's state as of journal step `order`. */
export const aiCampaignStateTaskName = (order: number) => `ai-campaign-${String(order).padStart(6, "0")}`;

/** The task name of effect `index` of step `n` (zero-padded: names sort in the order they were taken). */
export const aiTaskName = (n: number, index: number) => `ai-${String(n).padStart(6, "0")}-${index}`;

export function desiredAiTasks(situation: CallSituation): AiTask[] {
  const fold = aiFoldOf(situation.spec, situation.events);
  if (!fold) return [];
  const ended = TERMINAL_STATUSES.has(situation.record.status);
  const customer = situation.record.legs.customer.callControlId;
  const agent = situation.record.legs.agent.callControlId;
  const agentGeneration = situation.record.agentGeneration;
  // A person the AI asks for is one of the call's own agents: the campaign's, else the number's.
  const humanUserIds = aiCallHumans(situation.spec);
  const legs: Legs = { ended, customer, agent, agentGeneration, voice: situation.spec.ai?.voice };
  const legsKey = JSON.stringify([ended, customer, agent, agentGeneration, legs.voice ?? null, humanUserIds]);
  const tasks: AiTask[] = [];
  for (const step of fold.steps) tasks.push(...stepTasks(step, legs, legsKey, humanUserIds));
  // Only the newest state is wanted: an older one not yet told is dropped (its runner checks too).
  const campaignId = situation.spec.kind === "dialer" ? situation.spec.dialer?.campaignId : undefined;
  if (campaignId && fold.room && !ended) tasks.push({ name: aiCampaignStateTaskName(fold.room.order), action: "ai_campaign_state", campaignId, ai: fold.room });
  // Agents' workspaces list the call while it is live (its newest state), then drop it.
  tasks.push(...desiredAiPoolReport(situation, fold));
  return tasks;
}

// A step's effects never change (the journal is append-only), so its tasks change only
// with the call's legs: they are derived again only then. Every pass derives the tasks of
// every step the call has taken; without this, a long call paid for all of them each time.
const tasksOfStep = new WeakMap<AiStepTaken, { legsKey: string; tasks: AiTask[] }>();

function stepTasks(step: AiStepTaken, legs: Legs, legsKey: string, humanUserIds: string[] | null): AiTask[] {
  const known = tasksOfStep.get(step);
  if (known?.legsKey === legsKey) return known.tasks;
  const takenOverBy = step.input.type === "take_over" ? [step.input.by] : null;
  const tasks = step.effects.flatMap((effect, index) => taskOf(effect, aiTaskName(step.n, index), step.atMs, legs, takenOverBy ?? humanUserIds));
  tasksOfStep.set(step, { legsKey, tasks });
  return tasks;
}

interface Legs {
  ended: boolean;
  customer: string | null;
  agent: string | null;
  /** Which agent leg `agent` is (record.agentGeneration). */
  agentGeneration: number;
  /** The organisation's voice for the AI (absent: the carrier command's default). */
  voice: AiVoice | undefined;
}

function taskOf(effect: AiEffect, taskName: string, atMs: number, legs: Legs, eligibleUserIds: string[] | null): AiTask[] {
  const command = (cmd: CarrierCommand, said: string | null = null): AiTask[] => (legs.ended ? [] : [{ name: taskName, action: "ai_command", command: cmd, said }]);
  switch (effect.type) {
    case "speak":
      return legs.customer ? command({ name: taskName, action: "speak", leg: "customer", callControlId: legs.customer, text: effect.text, ...(legs.voice ? { voice: legs.voice } : {}) }, effect.text) : [];
    case "playback_stop":
      return legs.customer ? command({ name: taskName, action: "playback_stop", leg: "customer", callControlId: legs.customer }) : [];
    case "unbridge_human":
      // Only the leg of the hand-back's own generation: a later takeover's leg is never hung up by it.
      return legs.agent && legs.agentGeneration === effect.generation
        ? command({ name: taskName, action: "hangup", leg: "agent", callControlId: legs.agent, ...(effect.generation >= 2 ? { agentGeneration: effect.generation } : {}) })
        : [];
    case "ask_model":
      return legs.ended ? [] : [{ name: taskName, action: "ai_ask_model", requestId: effect.requestId, messages: effect.messages as unknown as Record<string, unknown>[], tools: effect.tools }];
    case "cancel_model":
      return [{ name: taskName, action: "ai_cancel_model", requestId: effect.requestId }];
    case "run_tool":
      return [{ name: taskName, action: "ai_run_tool", requestId: effect.requestId, call: { id: effect.call.id, name: effect.call.name, args: effect.call.args } }];
    case "reserve_human":
      return legs.ended ? [] : [{ name: taskName, action: "ai_reserve_human", giveUpAtMs: atMs + AI_HUMAN_WAIT_MS, eligibleUserIds, generation: effect.generation }];
    case "timeline":
      return [{ name: taskName, action: "ai_raise", body: noteBody(effect.entry) }];
    case "summarise_hand_back":
      return legs.ended ? [] : [{ name: taskName, action: "ai_summarise_hand_back", handBackId: effect.handBackId, notes: effect.notes }];
    // Transcription runs on every AI call already (carrier-commands, spec.transcribe);
    // the human is dialled and bridged by carrier-commands once the pool gave one.
    case "transcription_start":
    case "bridge_human":
      return [];
  }
}

/** A speech the caller stopped (a later stop in the journal) or the human now holds the call: not sent. */
export function speechSuperseded(fold: AiFold, taskName: string): boolean {
  if (fold.state.phase === "human_active" || fold.state.phase === "ended") return true;
  return fold.steps.some((step) => step.effects.some((effect, index) => effect.type === "playback_stop" && aiTaskName(step.n, index) > taskName));
}

export type { AiEventBody };
