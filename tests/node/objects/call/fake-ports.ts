// Fakes of the call ports (objects/call/ports) for feature tests: each records what it
// was asked and answers what the test scripted, on a clock the test drives.
import type { Arrival, QueueRouting, Standing } from "../../../../objects/queue/queue-desk";
import type { IvrProgress } from "../../../../domain/ivr-progress";
import type { AiRoomState } from "../../../../domain/ai-agent";
import type { CallSentiment, CampaignCallAlert, CampaignCallOutcome, CampaignCallPhase } from "../../../../objects/campaign/protocol";
import type { CallSpec } from "../../../../objects/call/call-spec";
import type { ReservedAgent } from "../../../../objects/call/carrier-event";
import type { CallSituation, TaskAttempt, TaskContext } from "../../../../objects/call/features/feature";
import type { CarrierCommand } from "../../../../objects/call/features/carrier-commands/desired-commands";
import type { SupervisorTask } from "../../../../objects/call/features/supervision/supervision-tasks";
import type { QueueTurnAnswer } from "../../../../objects/call/features/queue/queue-spec";
import { foldCall } from "../../../../objects/call/machine";
import { PaymentLinkRefused, type AiReplyPort, type AiReplyRequest, type AiSummaryRequest, type CallPorts, type CheckoutOrder, type CommandOutcome } from "../../../../objects/call/ports";
import type { CarrierEvent } from "../../../../objects/call/carrier-event";
import type { TaskState } from "../../../../objects/shared/durable";
import type { WrapUpPolicy } from "../../../../domain/wrap-up";
import type { LiveAiCall } from "../../../../objects/agent-pool/protocol";
import { FakeIntelligence } from "./fake-intelligence";

export class FakeClock {
  constructor(public nowMs: number) {}
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

export class FakePorts implements CallPorts {
  readonly sent: { command: CarrierCommand; commandId: string }[] = [];
  /** Supervisor commands, in order. */
  readonly supervised: { task: SupervisorTask; commandId: string }[] = [];
  carrierAnswers: CommandOutcome[] = [];
  readonly poolCalls: string[] = [];
  /** The wrap-up each call end handed the pool, in order. */
  readonly poolWrapUps: WrapUpPolicy[] = [];
  /** What AI calls told the pool of themselves, in order. */
  readonly aiCallsReported: LiveAiCall[] = [];
  /** What the pool answers to each reservation, in turn (null: nobody free; an Error: unreachable). */
  reservations: (ReservedAgent | null | Error)[] = [];
  /** Who each reservation was allowed to choose (null: anyone), in order. */
  readonly reservationsAsked: (readonly string[] | null)[] = [];
  /** What the pool answers each queue poll, in order (then: gone). */
  queueTurns: QueueTurnAnswer[] = [];
  /** What the pool answers each arrival in a queue, in order (then: the line is full); and each arrival asked. */
  queueArrivals: (Standing | null)[] = [];
  readonly arrivalsAsked: { queueId: string; arrival: Arrival }[] = [];
  abandonWaitSeconds: number | null = null;
  poolDown = false;
  readonly campaignCalls: ({ phase: CampaignCallPhase } | { outcome: CampaignCallOutcome } | { alert: CampaignCallAlert } | { sentiment: CallSentiment; atMs: number } | { ivr: IvrProgress } | { ai: AiRoomState })[] = [];
  campaignDown = false;
  /** Copies that fail before one succeeds. */
  recordingFailures = 0;
  readonly copied: { url: string; storageKey: string }[] = [];

  /** Checkout Sessions by idempotency key, as Stripe keeps them: the same key answers the same session. */
  readonly sessions = new Map<string, { id: string; url: string; expiresAt: number; order: CheckoutOrder }>();
  /** Every create asked for, replays included. */
  readonly sessionRequests: { order: CheckoutOrder; idempotencyKey: string }[] = [];
  /** What the next creates do instead of answering: throw this (an Error retries, a PaymentLinkRefused fails). */
  stripeFailures: Error[] = [];
  linkValiditySeconds = 86_400;
  readonly texts: { from: string; to: string; text: string }[] = [];
  smsFailures: Error[] = [];

  readonly intelligence: FakeIntelligence;

  constructor(readonly clock: FakeClock) {
    this.intelligence = new FakeIntelligence(clock);
  }

  payments = {
    linkValiditySeconds: async (): Promise<number> => this.linkValiditySeconds,
    createCheckoutSession: async (order: CheckoutOrder, idempotencyKey: string) => {
      this.sessionRequests.push({ order, idempotencyKey });
      const failure = this.stripeFailures.shift();
      if (failure) throw failure;
      const kept = this.sessions.get(idempotencyKey);
      if (kept) {
        if (JSON.stringify(kept.order) !== JSON.stringify(order)) throw new PaymentLinkRefused("idempotency_error: other parameters under the same key");
        return kept;
      }
      const id = `cs_test_${this.sessions.size + 1}`;
      const session = { id, url: `https://checkout.test/${id}`, expiresAt: order.expiresAt, order };
      this.sessions.set(idempotencyKey, session);
      return session;
    },
  };

  messaging = {
    sendSms: async (message: { from: string; to: string; text: string }) => {
      const failure = this.smsFailures.shift();
      if (failure) throw failure;
      this.texts.push(message);
      return { id: `msg-${this.texts.length}` };
    },
  };

  now = (): number => this.clock.nowMs;

  /** Model replies asked for (the AI agent), and cancels; a test may put a real model port here instead. */
  readonly replies: { callId: string; request: AiReplyRequest }[] = [];
  readonly cancelledReplies: number[] = [];
  ai: AiReplyPort = {
    startReply: (spec, request) => void this.replies.push({ callId: spec.id, request }),
    cancel: (_spec, requestId) => void this.cancelledReplies.push(requestId),
    summarise: (spec, request) => void this.summaries.push({ callId: spec.id, request }),
  };
  /** Hand-back summaries asked for (the AI agent). */
  readonly summaries: { callId: string; request: AiSummaryRequest }[] = [];

  carrier = {
    send: async (_spec: CallSpec, command: CarrierCommand, commandId: string): Promise<CommandOutcome> => {
      this.sent.push({ command, commandId });
      return this.carrierAnswers.shift() ?? { kind: "done", callControlId: `v3:${command.leg}` };
    },
    supervise: async (_spec: CallSpec, task: SupervisorTask, commandId: string): Promise<CommandOutcome> => {
      this.supervised.push({ task, commandId });
      return this.carrierAnswers.shift() ?? { kind: "done", callControlId: `v3:supervisor-${task.sessionId}` };
    },
  };

  agentPool = {
    reserveLongestIdleAgent: async (_callId: string, eligibleUserIds: readonly string[] | null): Promise<ReservedAgent | null> => {
      this.reservationsAsked.push(eligibleUserIds);
      const answer = this.reservations.shift() ?? null;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    callStarted: async (userId: string): Promise<void> => this.#pool(`started ${userId}`),
    callEnded: async (userId: string, _callId: string, wrapUp: WrapUpPolicy): Promise<void> => {
      this.#pool(`ended ${userId}`);
      this.poolWrapUps.push(wrapUp);
    },
    queueArrive: async (queueId: string, _routing: QueueRouting, arrival: Arrival): Promise<Standing | null> => {
      this.arrivalsAsked.push({ queueId, arrival });
      return this.queueArrivals.shift() ?? null;
    },
    queueTurn: async (): Promise<QueueTurnAnswer> => this.queueTurns.shift() ?? { kind: "gone" },
    queueLeave: async (queueId: string, callId: string): Promise<{ abandonedWaitSeconds: number | null }> => {
      this.#pool(`left ${queueId} ${callId}`);
      return { abandonedWaitSeconds: this.abandonWaitSeconds };
    },
    queueCallback: async (queueId: string, callId: string, step: string): Promise<boolean> => {
      this.#pool(`callback ${step} ${queueId} ${callId}`);
      return this.callbackKept;
    },
    queueRelease: async (userId: string, callId: string): Promise<void> => this.#pool(`release ${userId} ${callId}`),
    helpRequested: async (request: { requestId: string; reason: string }): Promise<void> => this.#pool(`help raised ${request.requestId}: ${request.reason}`),
    helpCleared: async (_callId: string, requestId: string): Promise<void> => this.#pool(`help cleared ${requestId}`),
    aiCallReported: async (live: LiveAiCall): Promise<void> => {
      this.#pool(`ai call ${live.call.callId} ${live.call.ai?.state}`);
      this.aiCallsReported.push(live);
    },
    aiCallEnded: async (callId: string): Promise<void> => this.#pool(`ai call ended ${callId}`),
  };

  campaign = {
    callPhase: async (_campaignId: string, _callId: string, phase: CampaignCallPhase): Promise<void> => {
      if (this.campaignDown) throw new Error("campaign unreachable");
      this.campaignCalls.push({ phase });
    },
    callResolved: async (_campaignId: string, outcome: CampaignCallOutcome): Promise<void> => {
      if (this.campaignDown) throw new Error("campaign unreachable");
      this.campaignCalls.push({ outcome });
    },
    callAlert: async (_campaignId: string, alert: CampaignCallAlert): Promise<void> => {
      if (this.campaignDown) throw new Error("campaign unreachable");
      this.campaignCalls.push({ alert });
    },
    callSentiment: async (_campaignId: string, _callId: string, sentiment: CallSentiment, atMs: number): Promise<void> => {
      if (this.campaignDown) throw new Error("campaign unreachable");
      this.campaignCalls.push({ sentiment, atMs });
    },
    callIvr: async (_campaignId: string, _callId: string, ivr: IvrProgress): Promise<void> => {
      if (this.campaignDown) throw new Error("campaign unreachable");
      this.campaignCalls.push({ ivr });
    },
    callAi: async (_campaignId: string, _callId: string, ai: AiRoomState): Promise<void> => {
      if (this.campaignDown) throw new Error("campaign unreachable");
      this.campaignCalls.push({ ai });
    },
  };

  /** What the pool answers a callback step (false: the queue no longer has the caller). */
  callbackKept = true;
  /** Calls started (a queue's callback calls), and events told to other calls. */
  readonly startedCalls: CallSpec[] = [];
  readonly toldCalls: { callId: string; event: CarrierEvent }[] = [];
  calls = {
    start: async (spec: CallSpec): Promise<void> => void this.startedCalls.push(spec),
    tell: async (callId: string, event: CarrierEvent): Promise<void> => void this.toldCalls.push({ callId, event }),
  };

  recordings = {
    copy: async (url: string, storageKey: string) => {
      if (this.recordingFailures > 0) {
        this.recordingFailures--;
        throw new Error("recording download answered 503");
      }
      this.copied.push({ url, storageKey });
      return { contentType: "audio/wav", sizeBytes: 1234 };
    },
  };

  #pool(change: string): void {
    if (this.poolDown) throw new Error("pool unreachable");
    this.poolCalls.push(change);
  }
}

/** The call as a feature sees it: folded from `events`, with the given task states. */
export function situationOf(spec: CallSpec, events: CarrierEvent[], nowMs: number, taskStates: Record<string, TaskState> = {}): CallSituation {
  return {
    spec,
    record: foldCall(spec, events),
    events,
    nowMs,
    tasks: { state: (name) => taskStates[name] ?? null, lastDoneAtMs: () => null },
  };
}

export function contextOf(situation: CallSituation, ports: FakePorts, attempt: Partial<TaskAttempt> = {}): TaskContext {
  return { situation, ports, attempt: { commandId: "command-1", attempts: 0, isLast: false, ...attempt } };
}
