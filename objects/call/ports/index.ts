// The small ports call features run against. Each is an interface with one real
// implementation here (the telnyx SDK, actor stubs, R2 + fetch) and a fake in the tests
// (tests/node/objects/call/fake-ports.ts), so a feature's run() is tested without workerd.
import type { IvrProgress } from "../../../domain/ivr-progress";
import type { AiRoomState } from "../../../domain/ai-agent";
import type { CallSentiment, CampaignCallAlert, CampaignCallOutcome, CampaignCallPhase, CampaignCallVerdict } from "../../campaign/protocol";
import type { HelpRequestView } from "../../agent-pool/protocol";
import { agentPoolStub, callActorStub, campaignActorStub } from "../../shared/actor-stubs";
import type { LiveAiCall } from "../../agent-pool/protocol";
import { agentAddressFor } from "../../../domain/agent-address";
import type { CallSpec } from "../call-spec";
import type { WrapUpPolicy } from "../../../domain/wrap-up";
import type { CarrierEvent, ReservedAgent } from "../carrier-event";
import type { Arrival, CallbackStep, QueueRouting, Standing } from "../../queue/queue-desk";
import type { CarrierCommand } from "../features/carrier-commands/desired-commands";
import type { MessagingPort, PaymentsPort } from "./payment-ports";
import { stripePayments, telnyxMessaging } from "./stripe-payments";
import { modelIntelligence } from "./intelligence-model";
import type { IntelligencePort } from "../features/intelligence/translator";

export { PaymentLinkRefused, type CheckoutOrder, type MessagingPort, type PaymentsPort } from "./payment-ports";
import type { SupervisorTask } from "../features/supervision/supervision-tasks";
import type { QueueTurnAnswer } from "../features/queue/queue-spec";
import { TelnyxCarrier, type CarrierConfig, type CommandOutcome } from "./telnyx-carrier";
import { modelReplies, type AiReplyPort, type ReplySink } from "./ai-replies";
import { createModelClient, modelConfigFrom, type ModelEnv } from "../../shared/model";

export type { AiReplyPort, AiReplyRequest, AiSummaryRequest, ReplySink } from "./ai-replies";

export type { CommandOutcome };

export interface CarrierPort {
  /** Sends a command with its stored command_id; says whether to retry, give up, or that it is moot. */
  send(spec: CallSpec, command: CarrierCommand, commandId: string): Promise<CommandOutcome>;
  /** A supervisor's leg: dialled as a supervisor of the agent's leg, its role switched, hung up. */
  supervise(spec: CallSpec, task: SupervisorTask, commandId: string): Promise<CommandOutcome>;
}

export interface AgentPoolPort {
  /** The longest-idle of the eligible agents (null: any agent of the organisation), reserved for this call; null when none is free. */
  reserveLongestIdleAgent(callId: string, eligibleUserIds: readonly string[] | null): Promise<ReservedAgent | null>;
  callStarted(userId: string, callId: string): Promise<void>;
  /** The call is over: the agent wraps up under `wrapUp`. */
  callEnded(userId: string, callId: string, wrapUp: WrapUpPolicy): Promise<void>;
  /** An IVR caller chose a queue in the menu: put in its line (its routing as the call started), their standing; null when the line is full. */
  queueArrive(queueId: string, routing: QueueRouting, arrival: Arrival): Promise<Standing | null>;
  /** A queue call asks for its turn (features/queue): the pool routes the queue and says where this caller stands. */
  queueTurn(queueId: string, callId: string): Promise<QueueTurnAnswer>;
  /** The caller hung up while in line: the wait of the queue abandon it was (null when they no longer waited). */
  queueLeave(queueId: string, callId: string): Promise<{ abandonedWaitSeconds: number | null }>;
  /** A queue caller's callback: booked, put back in line, or given up; false when the queue no longer has them. */
  queueCallback(queueId: string, callId: string, step: CallbackStep): Promise<boolean>;
  /** A callback attempt ended without reaching the caller: the agent reserved for it under the queue call's id is given back (a no-op once anything else moved them). */
  queueRelease(userId: string, callId: string): Promise<void>;
  /** The agent raised a hand on this call: every supervisor's board shows it. */
  helpRequested(request: HelpRequestView): Promise<void>;
  /** The hand is down (a supervisor joined, a new raise, the call's end). */
  helpCleared(callId: string, requestId: string): Promise<void>;
  /** An AI call's state now, for the workspaces of those who may take it over (features/ai-agent/ai-pool-report.ts). */
  aiCallReported(live: LiveAiCall): Promise<void>;
  /** An AI call ended: off those workspaces. */
  aiCallEnded(callId: string): Promise<void>;
}

export interface CampaignPort {
  /** The call's phase, with AMD's verdict once there is one (the campaign's pacing learns it then). */
  callPhase(campaignId: string, callId: string, phase: CampaignCallPhase, atMs: number, verdict?: CampaignCallVerdict): Promise<void>;
  callResolved(campaignId: string, outcome: CampaignCallOutcome): Promise<void>;
  /** A live-intelligence alert on the call: the campaign room's feed (the campaign keeps it once per condition per call). */
  callAlert(campaignId: string, alert: CampaignCallAlert): Promise<void>;
  /** The customer's live sentiment as of their line at `atMs`: the campaign room sorts its calls by it. */
  callSentiment(campaignId: string, callId: string, sentiment: CallSentiment, atMs: number): Promise<void>;
  /** A reminder call's IVR step and payment status changed: the campaign room's live calls show it (the campaign keeps the newest by its order). */
  callIvr(campaignId: string, callId: string, ivr: IvrProgress): Promise<void>;
  /** An AI-agent campaign's call changed its AI state: the campaign room's live calls show it (the campaign keeps the newest by its order). */
  callAi(campaignId: string, callId: string, ai: AiRoomState): Promise<void>;
}

/** Other calls of the organisation: a queue's callback call started, and a callback telling its queue call how it ended. */
export interface CallsPort {
  /** Starts a call (idempotent: the same spec again changes nothing). */
  start(spec: CallSpec): Promise<void>;
  /** Adds one of our events to another call (a repeated event id is a duplicate it ignores). */
  tell(callId: string, event: CarrierEvent): Promise<void>;
}

export interface RecordingsPort {
  /** Copies the carrier's recording at `url` into our store under `storageKey`. */
  copy(url: string, storageKey: string): Promise<{ contentType: string; sizeBytes: number }>;
}

export interface CallPorts {
  carrier: CarrierPort;
  agentPool: AgentPoolPort;
  campaign: CampaignPort;
  recordings: RecordingsPort;
  calls: CallsPort;
  payments: PaymentsPort;
  messaging: MessagingPort;
  /** The AI agent's model replies (features/ai-agent). */
  ai: AiReplyPort;
  /** Live intelligence: the call's settings, translation and the summary (the model). */
  intelligence: IntelligencePort;
  /** The clock runners read after an await (tests drive it). */
  now(): number;
}

/**
 * One carrier client per configuration, shared by every call actor in the isolate: the SDK's
 * client builds each of its API resources when it is made, and a client per call made that
 * once per call (1-4 % of the isolate's samples under bench:calls). It keeps configuration
 * only, no I/O of any request, so sharing it is safe.
 */
const carriers = new Map<string, TelnyxCarrier>();

function sharedCarrier(env: CarrierConfig): TelnyxCarrier {
  const config: CarrierConfig = {
    CARRIER_MODE: env.CARRIER_MODE,
    TELNYX_API_KEY: env.TELNYX_API_KEY,
    TELNYX_BASE_URL: env.TELNYX_BASE_URL,
    TELNYX_CONNECTION_ID: env.TELNYX_CONNECTION_ID,
    TELNYX_CREDENTIAL_CONNECTION_ID: env.TELNYX_CREDENTIAL_CONNECTION_ID,
  };
  const key = JSON.stringify(config);
  let carrier = carriers.get(key);
  if (!carrier) {
    carrier = new TelnyxCarrier(config);
    carriers.set(key, carrier);
  }
  return carrier;
}

/** The real ports of one organisation's calls. The carrier client is made on first use (it needs its key then), one per configuration in the isolate. */
export function realCallPorts(env: Env, organizationId: string, replies?: ReplySink): CallPorts {
  let ai: AiReplyPort | undefined;
  return {
    carrier: {
      send: (spec, command, commandId) => sharedCarrier(env).send(spec, command, commandId),
      supervise: (spec, task, commandId) => sharedCarrier(env).supervise(spec, task, commandId),
    },
    agentPool: {
      reserveLongestIdleAgent: async (callId, eligibleUserIds) => {
        const reserved = await agentPoolStub(env, organizationId).reserveLongestIdleAgent(callId, eligibleUserIds ? [...eligibleUserIds] : undefined, Date.now());
        return reserved && { userId: reserved.userId, address: agentAddressFor(env, reserved.userId), name: null };
      },
      callStarted: (userId, callId) => agentPoolStub(env, organizationId).callStarted(userId, callId),
      callEnded: (userId, callId, wrapUp) => agentPoolStub(env, organizationId).callEnded(userId, callId, wrapUp),
      queueTurn: async (queueId, callId) => {
        const turn = await agentPoolStub(env, organizationId).queueTurn(queueId, callId);
        return turn.kind === "agent" ? { kind: "agent", agent: { userId: turn.userId, address: agentAddressFor(env, turn.userId), name: null } } : turn;
      },
      queueArrive: (queueId, routing, arrival) => agentPoolStub(env, organizationId).queueArrive(queueId, routing, arrival),
      queueLeave: (queueId, callId) => agentPoolStub(env, organizationId).queueLeave(queueId, callId),
      queueCallback: (queueId, callId, step) => agentPoolStub(env, organizationId).queueCallback(queueId, callId, step),
      queueRelease: (userId, callId) => agentPoolStub(env, organizationId).queueRelease(userId, callId),
      helpRequested: (request) => agentPoolStub(env, organizationId).helpRequested(request),
      helpCleared: (callId, requestId) => agentPoolStub(env, organizationId).helpCleared(callId, requestId),
      aiCallReported: (live) => agentPoolStub(env, organizationId).aiCallReported(live),
      aiCallEnded: (callId) => agentPoolStub(env, organizationId).aiCallEnded(callId),
    },
    campaign: {
      callPhase: (campaignId, callId, phase, atMs, verdict) => campaignActorStub(env, organizationId, campaignId).callPhase(callId, phase, atMs, verdict),
      callResolved: (campaignId, outcome) => campaignActorStub(env, organizationId, campaignId).callResolved(outcome),
      callAlert: (campaignId, alert) => campaignActorStub(env, organizationId, campaignId).callAlert(alert),
      callSentiment: (campaignId, callId, sentiment, atMs) => campaignActorStub(env, organizationId, campaignId).callSentiment(callId, sentiment, atMs),
      callIvr: (campaignId, callId, ivr) => campaignActorStub(env, organizationId, campaignId).callIvr(callId, ivr),
      callAi: (campaignId, callId, ai) => campaignActorStub(env, organizationId, campaignId).callAi(callId, ai),
    },
    recordings: {
      copy: async (url, storageKey) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`recording download answered ${response.status}`);
        const contentType = response.headers.get("content-type") ?? "audio/wav";
        // Streamed when the carrier says how long it is (R2 takes a stream of known length
        // only): an hour's dual-channel WAV is ~115 MB, near a Durable Object's whole 128 MB.
        const body = response.headers.has("content-length") && response.body ? response.body : await response.arrayBuffer();
        const stored = await env.RECORDINGS.put(storageKey, body, { httpMetadata: { contentType } });
        return { contentType, sizeBytes: stored.size };
      },
    },
    calls: {
      start: async (spec) => {
        await callActorStub(env, organizationId, spec.id).start(spec);
      },
      tell: async (callId, event) => {
        await callActorStub(env, organizationId, callId).receiveCarrierEvent(event);
      },
    },
    payments: stripePayments(env),
    messaging: telnyxMessaging(env),
    ai: {
      startReply: (spec, request) => {
        if (!replies) throw new Error("this actor takes no model replies");
        (ai ??= modelReplies(createModelClient(modelConfigFrom(env as unknown as ModelEnv)), replies)).startReply(spec, request);
      },
      cancel: (spec, requestId) => ai?.cancel(spec, requestId),
      summarise: (spec, request) => {
        if (!replies) throw new Error("this actor takes no model replies");
        (ai ??= modelReplies(createModelClient(modelConfigFrom(env as unknown as ModelEnv)), replies)).summarise(spec, request);
      },
    },
    intelligence: modelIntelligence(env, organizationId, () => Date.now()),
    now: () => Date.now(),
  };
}
