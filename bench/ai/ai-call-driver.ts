// One AI-answered call driven in real time as the CallActor drives it: each pass folds
// the record, journals the AI's due inputs (aiAgent.dueEvents), runs its desired tasks
// once each in order (speech to a carrier stub that ends each speech after a while, model
// requests streamed for real from the model simulator through the engine's client and
// reply port), then sleeps until the feature's next wake time. The scripted caller says a
// line once the AI has stopped talking. It records, per caller turn, when the turn ended,
// each model request made for it (the machine asks tentatively at the caller's final
// segment, before the turn is over) with its start, outputs and end (a cancelled one is
// dropped), and when the reply's first speech was sent: the numbers bench:ai reports.
import type { CallSpec } from "../../objects/call/call-spec";
import { carrierEventSchema, type CarrierEvent } from "../../objects/call/carrier-event";
import type { CarrierCommand } from "../../objects/call/features/carrier-commands/desired-commands";
import type { CallSituation, TaskContext, TaskOutcome } from "../../objects/call/features/feature";
import { aiAgent, runAiTask } from "../../objects/call/features/ai-agent";
import { isAiEvent } from "../../objects/call/features/ai-agent/ai-events";
import type { AiTask } from "../../objects/call/features/ai-agent/ai-tasks";
import { aiFoldOf } from "../../objects/call/features/ai-agent/journal";
import { foldCall } from "../../objects/call/machine";
import { modelReplies } from "../../objects/call/ports/ai-replies";
import type { CallPorts } from "../../objects/call/ports";
import type { TaskState } from "../../objects/shared/durable";
import type { ModelClient } from "../../objects/shared/model";

/** How long the carrier "plays" each speech before its speak.ended (not measured). */
export const SPEECH_PLAY_MS = 400;
/** How long the caller waits after the AI falls silent before they speak. */
export const CALLER_PAUSE_MS = 300;

export interface RequestMeasure {
  startedAtMs: number;
  /** When each output with text arrived. */
  textAtMs: number[];
  doneAtMs: number | null;
  cancelled: boolean;
}

export interface TurnMeasure {
  /** When the machine took the caller's turn as over (last final segment + quiet window). */
  endedAtMs: number;
  /** When the reply's first speech was sent (the timer's lateness is the engine's). */
  firstSpeakAtMs: number | null;
  /** The model requests made for this turn before its first speech (a tentative one began before the turn ended). */
  requests: RequestMeasure[];
}

export class BenchAiCall {
  events: readonly CarrierEvent[] = [];
  readonly taskStates: Record<string, TaskState> = {};
  readonly turns: TurnMeasure[] = [];
  readonly #lines: string[];
  readonly #streams = new Set<Promise<unknown>>();
  #callerTimer: NodeJS.Timeout | null = null;
  #wakeTimer: NodeJS.Timeout | null = null;
  #passing = false;
  #again = false;
  #openTurn: TurnMeasure | null = null;
  /** Tasks that asked to be run again later (asking the pool for a person), and when. */
  readonly #retryAtMs = new Map<string, number>();
  readonly #requests = new Map<number, RequestMeasure>();
  readonly #claimed = new Set<RequestMeasure>();
  #callerSpokeAtMs = Infinity;
  #counter = 0;
  #over = false;
  #finished!: () => void;
  readonly done = new Promise<void>((resolve) => (this.#finished = resolve));
  readonly ports: CallPorts;

  constructor(
    readonly spec: CallSpec,
    client: ModelClient,
    callerLines: readonly string[],
  ) {
    this.#lines = [...callerLines];
    const replies = modelReplies(client, {
      raise: (raised) => {
        this.#noteModelOutput(raised);
        this.#add(raised);
        this.schedulePass();
      },
      keepAlive: (work) => {
        this.#streams.add(work);
        void work.finally(() => this.#streams.delete(work));
      },
      now: () => Date.now(),
    });
    // The AI's runners use only the carrier, the model replies, the pool and the clock.
    this.ports = {
      carrier: { send: async (_spec: CallSpec, command: CarrierCommand) => this.#carrier(command), supervise: async () => ({ kind: "done", callControlId: "v3:none" }) },
      ai: {
        startReply: (spec, request) => {
          const measure: RequestMeasure = { startedAtMs: Date.now(), textAtMs: [], doneAtMs: null, cancelled: false };
          this.#requests.set(request.requestId, measure);
          if (this.#openTurn && this.#openTurn.firstSpeakAtMs === null) this.#claim(this.#openTurn, measure);
          replies.startReply(spec, request);
        },
        cancel: (spec, requestId) => {
          const measure = this.#requests.get(requestId);
          if (measure) measure.cancelled = true;
          replies.cancel(spec, requestId);
        },
        summarise: (spec, request) => replies.summarise(spec, request),
      },
      agentPool: {
        reserveLongestIdleAgent: async () => null,
        callStarted: async () => {},
        callEnded: async () => {},
        helpRequested: async () => {},
        helpCleared: async () => {},
        // AI calls never wait in an inbound queue.
        queueArrive: async () => null,
        queueTurn: async () => ({ kind: "gone" }),
        queueLeave: async () => ({ abandonedWaitSeconds: null }),
        queueCallback: async () => false,
        queueRelease: async () => {},
        // The agents' list of live AI calls is the pool's: not what this bench measures.
        aiCallReported: async () => {},
        aiCallEnded: async () => {},
      },
      now: () => Date.now(),
    } as Partial<CallPorts> as CallPorts;
  }

  start(): void {
    this.#add(this.#event("call.answered", {}));
    this.schedulePass();
  }

  #event(type: string, extra: Record<string, unknown>): CarrierEvent {
    return carrierEventSchema.parse({
      id: `bench-${this.spec.id}-${++this.#counter}`,
      type,
      occurredAtMs: Date.now(),
      leg: "customer",
      callControlId: "v3:customer",
      callSessionId: `session-${this.spec.id}`,
      payload: {},
      ...extra,
    });
  }

  #add(...added: CarrierEvent[]): void {
    this.events = [...this.events, ...added];
  }

  async #carrier(command: CarrierCommand) {
    if (command.action === "speak") {
      if (this.#openTurn && this.#openTurn.firstSpeakAtMs === null) this.#openTurn.firstSpeakAtMs = Date.now();
      setTimeout(() => {
        this.#add(this.#event("call.speak.ended", {}));
        this.schedulePass();
      }, SPEECH_PLAY_MS);
    }
    return { kind: "done" as const, callControlId: "v3:customer" };
  }

  #noteModelOutput(raised: CarrierEvent): void {
    if (!isAiEvent(raised) || raised.ai.kind !== "model_output") return;
    const request = this.#requests.get(raised.ai.requestId);
    if (!request) return;
    const now = Date.now();
    if (raised.ai.text.trim() !== "") request.textAtMs.push(now);
    if (raised.ai.done && request.doneAtMs === null) request.doneAtMs = now;
  }

  #claim(turn: TurnMeasure, request: RequestMeasure): void {
    if (this.#claimed.has(request)) return;
    this.#claimed.add(request);
    turn.requests.push(request);
  }

  schedulePass(): void {
    if (this.#passing) {
      this.#again = true;
      return;
    }
    setImmediate(() => void this.#pass());
  }

  #situation(): CallSituation {
    const events = this.events;
    return { spec: this.spec, record: foldCall(this.spec, events), events, nowMs: Date.now(), tasks: { state: (name) => this.taskStates[name] ?? null, lastDoneAtMs: () => null } };
  }

  async #pass(): Promise<void> {
    if (this.#passing) return;
    this.#passing = true;
    try {
      do {
        this.#again = false;
        await this.#round();
      } while (this.#again);
    } finally {
      this.#passing = false;
    }
    this.#afterPass();
  }

  async #round(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      const situation = this.#situation();
      const due = aiAgent.dueEvents!(situation);
      if (due.length > 0) {
        this.#add(...due);
        continue;
      }
      const now = Date.now();
      const fresh = aiAgent.desiredTasks(situation).filter((task) => !(task.name in this.taskStates) && (this.#retryAtMs.get(task.name) ?? 0) <= now);
      if (fresh.length === 0) return;
      for (const task of fresh) {
        const outcome = await this.#run(task, situation);
        if (outcome.kind === "retry") {
          // As the actor's task runner does: again at the time it names (a model that failed sends the call to a person, and the pool is asked again until it gives up).
          const at = outcome.atMs ?? Date.now() + 1000;
          this.#retryAtMs.set(task.name, at);
          setTimeout(() => this.schedulePass(), Math.max(0, at - Date.now()));
          continue;
        }
        this.taskStates[task.name] = outcome.kind === "failed" ? "failed" : "done";
        if (outcome.events) this.#add(...outcome.events);
      }
    }
  }

  #run(task: AiTask, situation: CallSituation): Promise<TaskOutcome> {
    const context: TaskContext = { situation: { ...situation, nowMs: Date.now() }, ports: this.ports, attempt: { commandId: task.name, attempts: 0, isLast: true } };
    return runAiTask(task, context);
  }

  /** After a pass: note a caller turn's end, let the caller speak when the AI is silent, sleep until the next wake. */
  #afterPass(): void {
    if (this.#over) return;
    const situation = this.#situation();
    const state = aiFoldOf(this.spec, situation.events)?.state;
    if (!state) return;
    if (state.turnEndsAtMs !== null && this.#openTurn?.endedAtMs !== state.turnEndsAtMs) {
      this.#openTurn = { endedAtMs: state.turnEndsAtMs, firstSpeakAtMs: null, requests: [] };
      this.turns.push(this.#openTurn);
      // The request asked tentatively at the caller's final segment (in the pass that took it).
      for (const request of this.#requests.values()) if (request.startedAtMs >= this.#callerSpokeAtMs) this.#claim(this.#openTurn, request);
    }
    const silent = state.phase === "listening" && state.speeches.length === 0 && state.turnEndsAtMs === null && state.request === null;
    if (silent && this.#callerTimer === null) {
      const line = this.#lines.shift();
      if (line === undefined) {
        this.#finish();
        return;
      }
      this.#callerTimer = setTimeout(() => {
        this.#callerTimer = null;
        this.#callerSpokeAtMs = Date.now();
        this.#add(this.#event("call.transcription", { transcript: { text: line, track: "inbound", confidence: 0.9 } }));
        this.schedulePass();
      }, CALLER_PAUSE_MS);
    }
    // One wake timer, re-armed after every pass (the actor's alarm).
    if (this.#wakeTimer) clearTimeout(this.#wakeTimer);
    this.#wakeTimer = null;
    const wakeAt = aiAgent.wakeAtMs!(situation);
    if (wakeAt !== null) {
      this.#wakeTimer = setTimeout(() => {
        this.#wakeTimer = null;
        this.schedulePass();
      }, Math.max(0, wakeAt - Date.now()));
    }
  }

  #finish(): void {
    this.#over = true;
    if (this.#wakeTimer) clearTimeout(this.#wakeTimer);
    this.#wakeTimer = null;
    void Promise.all(this.#streams).then(() => this.#finished());
  }
}
