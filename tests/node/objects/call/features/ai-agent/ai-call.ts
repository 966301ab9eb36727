// An AI-answered call driven as the CallActor drives it, in Node: events arrive, the AI
// feature's due events (its journal) are added, its tasks run once each against fake
// ports, and each model reply streams for real from the model simulator through the
// engine's model client and reply port (ports/ai-replies.ts), its sentences arriving as
// events. A test reads what the caller heard (the carrier commands) and the record.
import type { CallSpec } from "../../../../../../objects/call/call-spec";
import type { CarrierEvent } from "../../../../../../objects/call/carrier-event";
import type { CarrierCommand } from "../../../../../../objects/call/features/carrier-commands/desired-commands";
import type { QueuedRow, TaskOutcome } from "../../../../../../objects/call/features/feature";
import { aiAgent, runAiTask } from "../../../../../../objects/call/features/ai-agent";
import type { AiTask } from "../../../../../../objects/call/features/ai-agent/ai-tasks";
import type { AiCallSpec } from "../../../../../../objects/call/features/ai-agent/ai-spec";
import { aiFoldOf } from "../../../../../../objects/call/features/ai-agent/journal";
import { decideAiOperator, type AiOperatorRequest } from "../../../../../../objects/call/features/ai-agent/operator";
import { modelReplies } from "../../../../../../objects/call/ports/ai-replies";
import { foldCall } from "../../../../../../objects/call/machine";
import type { TaskState } from "../../../../../../objects/shared/durable";
import { createModelClient, modelConfigFrom } from "../../../../../../objects/shared/model";
import type { ModelSimulator } from "../../../../../../sim/model/server";
import { event, said, spec, T0 } from "../../events";
import { contextOf, FakeClock, FakePorts, situationOf } from "../../fake-ports";
import { AUTOMATED_DISCLOSURE, DEBT_DISCLOSURE } from "./fixtures";

export const ACCOUNT_ID = "33333333-3333-4333-8333-333333333333";

export function aiSpec(overrides: Partial<AiCallSpec> = {}): CallSpec {
  return spec({
    kind: "inbound",
    direction: "inbound",
    to: "+15550001000",
    from: "+15550109999",
    accountId: ACCOUNT_ID,
    inbound: { action: "ai_agent", message: "", customerCallControlId: "v3:customer" },
    ai: {
      orgPrompt: "You are a polite collections agent for Demo Collections.",
      customerName: "Ada Lovelace",
      account: { id: ACCOUNT_ID, debtId: null, balanceCents: 84_216 },
      sendTo: "+15550109999",
      minimumPaymentCents: 84_216,
      maxPaymentLinks: 1,
      collections: true,
      disclosures: { automatedAgent: AUTOMATED_DISCLOSURE, debtCollection: DEBT_DISCLOSURE },
      calleeZone: "America/New_York",
      ...overrides,
    },
  });
}

/** Requests each simulator was sent by these calls since it started (its own count survives reset). */
const requestsAsked = new WeakMap<ModelSimulator, number>();

export class AiCall {
  /** A new array on every change, as the actor's inbox is (folds are memoised on it). */
  events: readonly CarrierEvent[] = [];
  readonly taskStates: Record<string, TaskState> = {};
  readonly pending = new Map<string, AiTask>();
  readonly rows: QueuedRow[] = [];
  readonly clock = new FakeClock(T0);
  readonly ports = new FakePorts(this.clock);
  readonly #streams: Promise<unknown>[] = [];

  constructor(
    readonly spec: CallSpec,
    readonly sim: ModelSimulator,
  ) {
    const client = createModelClient(modelConfigFrom({ OPENAI_BASE_URL: sim.baseUrl, OPENAI_MODEL: sim.modelId, OPENAI_API_KEY: "k" }));
    this.ports.ai = modelReplies(client, { raise: (raised) => this.#add(raised), keepAlive: (work) => void this.#streams.push(work), now: () => this.clock.nowMs });
  }

  #add(...added: CarrierEvent[]): void {
    this.events = [...this.events, ...added];
  }

  /** A carrier event arrives a second after the last, and the AI acts on it. */
  async receive(type: string, leg: "customer" | "agent" = "customer", extra: Parameters<typeof event>[3] = {}): Promise<void> {
    this.clock.advance(1000);
    this.#add({ ...event(type, 0, leg, extra), occurredAtMs: this.clock.nowMs });
    await this.settle();
  }

  /** One event exactly as given (a late or repeated webhook keeps its id and its carrier time), and the AI acts on it. */
  async deliver(late: CarrierEvent): Promise<void> {
    this.#add(late);
    await this.settle();
  }

  /** The caller says a final segment, then stays quiet for the quiet window. */
  async callerSays(text: string): Promise<void> {
    this.clock.advance(1000);
    this.#add({ ...said(0, text), occurredAtMs: this.clock.nowMs });
    await this.settle();
    await this.wait(aiFoldOf(this.spec, this.events)!.setup.settings.quietWindowMs);
  }

  /** The carrier finishes every speech the AI has outstanding. */
  async speechEnds(): Promise<void> {
    while ((aiFoldOf(this.spec, this.events)?.state.speeches.length ?? 0) > 0) await this.receive("call.speak.ended");
  }

  async wait(ms: number): Promise<void> {
    this.clock.advance(ms);
    await this.settle();
  }

  /** The caller says nothing through every silence the AI's settings allow (the fail-safe then asks for a person). */
  async staysSilent(): Promise<void> {
    const { silenceMs, maxSilences } = aiFoldOf(this.spec, this.events)!.setup.settings;
    for (let silence = 1; silence <= maxSilences; silence++) {
      await this.wait(silenceMs);
      await this.speechEnds();
    }
  }

  /** An operator's takeover or hand-back (a supervisor's unless `role` says otherwise). */
  async operator(request: Omit<AiOperatorRequest, "role"> & Partial<Pick<AiOperatorRequest, "role">>) {
    const decision = decideAiOperator(this.spec, { events: this.events, nowMs: this.clock.nowMs }, { role: "supervisor", ...request });
    if (decision.kind === "accepted") {
      this.#add(decision.event);
      await this.settle();
    }
    return decision;
  }

  get state() {
    return aiFoldOf(this.spec, this.events)!.state;
  }

  get record() {
    return foldCall(this.spec, this.events);
  }

  /** Every carrier command sent, in order. */
  get commands(): CarrierCommand[] {
    return this.ports.sent.map((sent) => sent.command);
  }

  /** What the caller heard (or was about to, before a stop), in order. */
  get heard(): string[] {
    return this.commands.flatMap((command) => (command.action === "speak" ? [command.text] : []));
  }

  timeline(): string[] {
    return this.record.timeline.map((entry) => entry.text);
  }

  /** Due events, tasks run once each, model replies streamed, until nothing moves. */
  async settle(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      const situation = situationOf(this.spec, [...this.events] as CarrierEvent[], this.clock.nowMs, this.taskStates);
      const due = aiAgent.dueEvents!(situation);
      if (due.length > 0) {
        this.#add(...due);
        continue;
      }
      for (const task of aiAgent.desiredTasks(situation)) if (!(task.name in this.taskStates) && !this.pending.has(task.name)) this.pending.set(task.name, task);
      let progressed = false;
      for (const task of [...this.pending.values()]) {
        const outcome = await this.#run(task);
        if (outcome.kind === "retry") continue;
        progressed = true;
        this.pending.delete(task.name);
        this.taskStates[task.name] = outcome.kind === "done" ? "done" : "failed";
        this.#add(...(outcome.events ?? []));
        if (outcome.kind === "done") this.rows.push(...(outcome.rows ?? []));
      }
      if (progressed) continue;
      if (this.#streams.length === 0) return;
      // A reply is streaming: let the simulator's clock run until it is whole.
      const asked = (requestsAsked.get(this.sim) ?? 0) + this.#streams.length;
      requestsAsked.set(this.sim, asked);
      await this.sim.waitForRequests(asked);
      await this.sim.advance(60_000);
      await Promise.all(this.#streams.splice(0));
    }
    throw new Error("the AI call never settled");
  }

  #run(task: AiTask): Promise<TaskOutcome> {
    const context = contextOf(situationOf(this.spec, [...this.events] as CarrierEvent[], this.clock.nowMs, this.taskStates), this.ports);
    return runAiTask(task, context);
  }
}
