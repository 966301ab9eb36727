// Messages between the console and the AgentPoolActor (one per organisation).
// Imported by both objects/ and ui/; every message is validated with zod on arrival.
import { z } from "zod";
import { AGENT_PRESENCE_STATUSES } from "../../domain/agent-presence";
import { callerReason } from "../../domain/caller-reason";
import { campaignCallView } from "../campaign/protocol";

/** Presence an agent chooses. on_call and wrap_up are set by the dialer, not by hand. */
export const chosenPresence = z.enum(["available", "break", "offline"]);
export type ChosenPresence = z.infer<typeof chosenPresence>;

/** previewing: a preview campaign offered the agent a lead; set and cleared by campaigns, never by hand. */
export const agentPresenceStatus = z.enum(AGENT_PRESENCE_STATUSES);
export type AgentPresenceStatus = z.infer<typeof agentPresenceStatus>;

export const poolClientMessage = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("set_presence"), status: chosenPresence }),
  /** "I need more time": once per call, when the call's wrap-up allows it. */
  z.strictObject({ type: z.literal("extend_wrap_up") }),
  /** The agent answers the queue caller ringing their console (the call they were shown, so a stale click acts on nobody else). */
  z.strictObject({ type: z.literal("answer_ring"), callId: z.string().min(1), answer: z.enum(["accept", "reject"]) }),
]);
export type PoolClientMessage = z.infer<typeof poolClientMessage>;

/** A lead a preview campaign holds for one agent until they dial or skip it. Sent only to that agent's consoles. */
export const previewOffer = z.object({
  campaignId: z.string(),
  campaignName: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  phone: z.string(),
  balanceDueCents: z.number().int(),
  /** Epoch milliseconds (server clock) when the offer was made. */
  offeredAt: z.number(),
  /** Epoch milliseconds (server clock) when an ignored offer is withdrawn (and the agent put on break). */
  expiresAt: z.number(),
});
export type PreviewOffer = z.infer<typeof previewOffer>;

/** A queue caller ringing this agent's console (sent only to that agent): accept or reject before `expiresAt`. */
export const queueRing = z.object({
  queueId: z.string(),
  /** The waiting call: its account is popped from it (GET /api/calls/:id). */
  callId: z.string(),
  /** The number they called from. */
  from: z.string(),
  /** Their account, matched by that number (popped on the console: balance, debts, last contacts); null: none known. */
  accountId: z.string().nullable().default(null),
  /** Why they may be calling, most telling first (domain/caller-reason.ts); empty: nothing known. */
  reasons: z.array(callerReason).default([]),
  /** Epoch milliseconds (server clock) when an unanswered ring passes to the next agent (a miss). */
  expiresAt: z.number(),
  /** Unanswered rings in a row so far, and how many put the agent on a break. */
  missesInARow: z.number().int(),
  missesBeforeBreak: z.number().int(),
});
export type QueueRing = z.infer<typeof queueRing>;

export const poolMember = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.string(),
  status: agentPresenceStatus,
  /** Epoch milliseconds (server clock) when the current status began. */
  statusSince: z.number(),
  /** Number of console sockets this member has open right now. */
  connections: z.number().int(),
  /** The call the member is on or wrapping up. */
  callId: z.string().nullable(),
  /**
   * Epoch milliseconds (server clock) when wrap-up ends and the member is available again;
   * past it while `dispositionOwed`, the member is overdue and stays in wrap-up until the save.
   */
  wrapUpEndsAt: z.number().nullable(),
  /** In wrap-up, the call's disposition is required and not saved yet: only the save makes the member available. */
  // Defaults for both: a console may read a board from a pool of the build before them.
  dispositionOwed: z.boolean().default(false),
  /** What "I need more time" would add now, in seconds; 0 when the member may not (or already did). */
  wrapUpExtensionSeconds: z.number().int().default(0),
  /** While previewing: which campaign's lead the member holds (ids only; the details go to the member alone). */
  preview: z.object({ campaignId: z.string(), accountId: z.string() }).nullable(),
});
export type PoolMember = z.infer<typeof poolMember>;

/** An agent's raised hand on a live call, until a supervisor joins or the call ends (sent to supervisors and up). */
export const helpRequestView = z.object({
  callId: z.string(),
  requestId: z.string(),
  /** The agent asking. */
  userId: z.string(),
  reason: z.string(),
  /** Epoch milliseconds (server clock) when the hand went up. */
  raisedAt: z.number(),
});
export type HelpRequestView = z.infer<typeof helpRequestView>;

/** One caller waiting in a queue, as the supervisor's live queue view shows them. */
export const queueWaitingCaller = z.object({
  callId: z.string(),
  /** The number they called from. */
  from: z.string(),
  /** The priority of the number they called (higher is answered first). */
  priority: z.number(),
  /** Their place in the answer order (1 = next). */
  position: z.number().int(),
  /** Epoch milliseconds (server clock) when they joined the line. */
  enteredAtMs: z.number(),
  /** They pressed 1: called back when their turn comes, keeping their place. */
  callbackRequested: z.boolean(),
  /** The agent whose console rings for them now (accept or reject), if any. */
  ringingUserId: z.string().nullable().default(null),
  /** The skills they need (`language:es`: 1). */
  needs: z.record(z.string(), z.number()),
});

/** A queue's numbers (domain/queue-stats.ts `queueStats`, over the pool's book of its recent stays). */
export const queueStatsView = z.object({
  waitingNow: z.number().int(),
  longestWaitSeconds: z.number(),
  callbacksWaiting: z.number().int(),
  answered: z.number().int(),
  answeredWithinThreshold: z.number().int(),
  abandoned: z.number().int(),
  overflowed: z.number().int(),
  callbacksAnswered: z.number().int(),
  callbacksUnreached: z.number().int(),
  serviceLevelSeconds: z.number().int(),
  serviceLevel: z.number().nullable(),
  abandonRate: z.number().nullable(),
  averageSpeedOfAnswerSeconds: z.number().nullable(),
});

/** A member of a queue: their live state in the pool and their skills there. */
export const queueAgentView = z.object({
  userId: z.string(),
  status: agentPresenceStatus,
  /** Epoch milliseconds (server clock) when the current status began. */
  statusSince: z.number(),
  skills: z.record(z.string(), z.number()),
});

/** One queue live: who waits (in answer order), its numbers, its members by state and skill. */
export const queueLiveView = z.object({
  queueId: z.string(),
  waiting: z.array(queueWaitingCaller),
  stats: queueStatsView,
  agents: z.array(queueAgentView),
  /** The server's clock when this was read (waits are counted from it). */
  serverNow: z.number(),
});
export type QueueLiveView = z.infer<typeof queueLiveView>;

/**
 * A live AI call as an AI call reports it to its organisation's pool: the row the campaign
 * room shows supervisors (the AI's state, sentiment), who may take it over (null: any
 * agent), and how new the report is (the journal step of its state, then the customer lines
 * heard), so the pool keeps the newest.
 */
export const liveAiCall = z.object({
  call: campaignCallView,
  humanUserIds: z.array(z.string()).nullable(),
  order: z.number().int().nonnegative(),
  lines: z.number().int().nonnegative(),
});
export type LiveAiCall = z.infer<typeof liveAiCall>;

export const poolServerMessage = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("snapshot"),
    you: z.object({ userId: z.string(), role: z.string() }),
    members: z.array(poolMember),
    /** The lead a preview campaign offers this connection's agent, if any. */
    yourOffer: previewOffer.nullable(),
    /** The queue caller ringing this connection's agent, if any (null from pools of older builds). */
    yourRing: queueRing.nullable().default(null),
    /** Raised hands waiting for a supervisor, oldest first: empty for agents and viewers (and from pools of older builds). */
    helpRequests: z.array(helpRequestView).default([]),
    /** Each inbound queue the pool holds, live: sent to supervisors and up only (empty for others and from older pools). */
    queues: z.array(queueLiveView).default([]),
    /** The live AI calls this console's member may take over (domain/ai-agent.ts mayTakeOverAiCall), longest in state first; empty from older pools. */
    aiCalls: z.array(campaignCallView).default([]),
    /** The server's clock when it sent this, so consoles can show time in status despite skew. */
    serverNow: z.number(),
  }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type PoolServerMessage = z.infer<typeof poolServerMessage>;

/** The pool room of an organisation: room names always start with the org id. */
export const agentPoolRoomName = (organizationId: string) => `${organizationId}:pool`;
