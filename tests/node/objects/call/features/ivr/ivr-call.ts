// An IVR call driven as pure logic: events arrive (keys masked on arrival, as the actor
// does), the IVR's wanted tasks are "sent" (marked done, in order) and its raised
// events added, so a test reads what the caller heard and what the call asked for.
import type { CallSpec, IvrCallSpec } from "../../../../../../objects/call/call-spec";
import type { CarrierEvent } from "../../../../../../objects/call/carrier-event";
import type { CarrierCommand } from "../../../../../../objects/call/features/carrier-commands/desired-commands";
import type { TaskOutcome } from "../../../../../../objects/call/features/feature";
import { ivr } from "../../../../../../objects/call/features/ivr";
import { ivrStateOf, type IvrTask } from "../../../../../../objects/call/features/ivr/ivr-tasks";
import { redactSensitiveInput } from "../../../../../../objects/call/features/ivr/key-redaction";
import type { IvrStep } from "../../../../../../objects/call/features/ivr/ivr-state";
import { paymentLinkFailed, paymentLinkSent, paymentSucceeded } from "../../../../../../objects/call/local-events";
import type { TaskState } from "../../../../../../objects/shared/durable";
import { DEFAULT_IVR_SETTINGS } from "../../../../../../domain/ivr-settings";
import { event, spec, T0 } from "../../events";
import { contextOf, FakeClock, FakePorts, situationOf } from "../../fake-ports";

export const ACCOUNT_ID = "33333333-3333-4333-8333-333333333333";

export function ivrSpec(overrides: Partial<IvrCallSpec> = {}, call: Partial<CallSpec> = {}): CallSpec {
  return spec({
    kind: "inbound",
    direction: "inbound",
    to: "+15550001000",
    from: "+15550109999",
    accountId: ACCOUNT_ID,
    inbound: { action: "ivr", message: "", customerCallControlId: "v3:customer" },
    ivr: {
      language: "en",
      prompts: DEFAULT_IVR_SETTINGS.prompts.en!,
      paymentHoldMs: 300_000,
      account: { id: ACCOUNT_ID, debtId: null, balanceCents: 84_216 },
      sendTo: "+15550109999",
      ...overrides,
    },
    ...call,
  });
}

export class IvrCall {
  readonly events: CarrierEvent[] = [];
  readonly taskStates: Record<string, TaskState> = {};
  /** Every task sent, in order. */
  readonly sent: IvrTask[] = [];
  /** Tasks added and not yet settled (as stored by the queue: a retry runs the same task). */
  readonly pending = new Map<string, IvrTask>();
  /** Rows the IVR's tasks queued for Postgres. */
  readonly rows: { key: string; row: unknown }[] = [];
  /** The names of every task tried at least once. */
  readonly attempted = new Set<string>();
  readonly clock = new FakeClock(T0);
  readonly ports = new FakePorts(this.clock);
  #second = 0;

  constructor(readonly spec: CallSpec) {}

  /** A carrier event arrives (masked as the actor masks it) and the IVR acts on it. */
  async receive(type: string, extra: Parameters<typeof event>[3] = {}, leg: "customer" | "agent" = "customer"): Promise<void> {
    this.#second += 1;
    this.clock.nowMs = Math.max(this.clock.nowMs, T0 + this.#second * 1000);
    this.events.push(redactSensitiveInput(this.spec, this.events, event(type, this.#second, leg, extra)));
    await this.settle();
  }

  /** The caller answers the prompt outstanding with these keys (the carrier leaves `#` out). */
  press(keys: string): Promise<void> {
    return this.receive("call.gather.ended", { digits: keys.replace(/#$/, ""), payload: { digits: keys.replace(/#$/, ""), status: "valid" } });
  }

  async add(local: CarrierEvent): Promise<void> {
    this.events.push(local);
    await this.settle();
  }

  paid(requestId: string, amountCents: number, balanceAfterCents: number) {
    return this.add(paymentSucceeded(this.clock.nowMs, { requestId, paymentId: `pay-${requestId}`, amountCents, balanceAfterCents }));
  }
  linkSent(requestId: string) {
    return this.add(paymentLinkSent(this.clock.nowMs, { requestId, checkoutSessionId: `cs_${requestId}`, expiresAtMs: this.clock.nowMs + 86_400_000 }));
  }
  linkFailed(requestId: string) {
    return this.add(paymentLinkFailed(this.clock.nowMs, { requestId, reason: "carrier refused the SMS" }));
  }

  situation() {
    const base = situationOf(this.spec, this.events, this.clock.nowMs, this.taskStates);
    // Recording runs once the call is up, as carrier-commands would have it.
    const recording = base.record.legs.customer.state !== "idle" && this.spec.record;
    return { ...base, tasks: { ...base.tasks, state: (name: string) => this.taskStates[name] ?? (name === "record_start-customer" && recording ? "done" : null) } };
  }

  get step(): IvrStep {
    return ivrStateOf(this.situation())!.state.step;
  }

  /** Due events, then every wanted task not yet sent is run, until nothing new is wanted. */
  async settle(): Promise<void> {
    for (let round = 0; round < 20; round++) {
      for (const due of ivr.dueEvents!(this.situation())) if (!this.events.some((e) => e.id === due.id)) this.events.push(due);
      for (const task of ivr.desiredTasks(this.situation())) if (!(task.name in this.taskStates) && !this.pending.has(task.name)) this.pending.set(task.name, task);
      const due = [...this.pending.values()];
      let progressed = false;
      for (const task of due) {
        this.attempted.add(task.name);
        const outcome = await this.#run(task);
        if (outcome.kind === "retry") continue;
        progressed = true;
        this.pending.delete(task.name);
        this.taskStates[task.name] = outcome.kind === "done" ? "done" : "failed";
        if (outcome.note !== "no longer needed") this.sent.push(task);
        for (const raised of outcome.events ?? []) this.events.push(raised);
        if (outcome.kind === "done") this.rows.push(...(outcome.rows ?? []));
      }
      if (!progressed) return;
    }
  }

  #run(task: IvrTask): Promise<TaskOutcome & { note?: string }> {
    const context = contextOf(this.situation(), this.ports);
    switch (task.action) {
      case "ivr_command":
        return ivr.runners.ivr_command(task, context);
      case "ivr_request_payment":
        return ivr.runners.ivr_request_payment(task, context);
      case "ivr_reserve_agent":
        return ivr.runners.ivr_reserve_agent(task, context);
      case "ivr_book_callback":
        return ivr.runners.ivr_book_callback(task, context);
      case "ivr_campaign_progress":
        return ivr.runners.ivr_campaign_progress(task, context);
      case "ivr_audit":
        return ivr.runners.ivr_audit(task, context);
      case "ivr_join_queue":
        return ivr.runners.ivr_join_queue(task, context);
    }
  }

  /** The carrier commands sent, in order. */
  get commands(): CarrierCommand[] {
    return this.sent.flatMap((task) => (task.action === "ivr_command" ? [task.command] : []));
  }

  /** What the caller was last asked (the newest prompt's words). */
  get lastPrompt(): string {
    const prompts = this.commands.filter((c) => c.action === "gather_using_speak");
    const last = prompts[prompts.length - 1];
    return last && "text" in last ? last.text : "";
  }

  /** Everything said to the caller, in order. */
  get said(): string[] {
    return this.commands.flatMap((c) => ("text" in c ? [c.text] : []));
  }

  get paymentRequests() {
    return this.sent.flatMap((task) => (task.action === "ivr_request_payment" ? [task.request] : []));
  }
}

/** A call the IVR answered (the customer's leg is up). */
export async function answeredIvrCall(callSpec: CallSpec = ivrSpec()): Promise<IvrCall> {
  const call = new IvrCall(callSpec);
  await call.receive("call.initiated");
  await call.receive("call.answered");
  return call;
}
