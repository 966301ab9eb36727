// The CallActor's pass, apart from workerd so it runs in Node tests: plan the features'
// tasks, run the due ones, flush the outbox, set the alarm to the soonest named timer;
// one pass at a time (the alarm's included), so a due task is never sent twice at once.
// Tasks a feature marks as waiting on something slow (the model: `besideThePass`) are
// only started here and run beside the pass (shared/durable/off-pass-runs.ts): their
// outcome is settled when it arrives, like a webhook's event, and asks for a pass. So a
// carrier command raised while the model thinks (the customer's hang-up) is sent at
// once, never behind a translation. The actor (its storage, room and ports) is the host.
import { OffPassRuns, OnePassAtATime, setSoonestAlarm, type AlarmStorage, type StoredTask } from "../shared/durable";
import type { RecordRow } from "../../db/writers/call-rows";
import { logEvent } from "../../domain/log";
import type { CallFold } from "./call-fold";
import type { CallSpec } from "./call-spec";
import type { CallStorage } from "./call-storage";
import { callTimers } from "./call-timers";
import type { CarrierEvent } from "./carrier-event";
import { desiredCallTasks, dueCallEvents, leaseBesideThePassMs, type CallTask } from "./features/registry";
import { applyTaskOutcome, runStoredTask } from "./features/run-task";
import type { TaskOutcome } from "./features/feature";
import type { CallPorts } from "./ports";

/** Rounds of planning within one pass: a task's events may make another task due at once. */
const MAX_ROUNDS_PER_PASS = 8;

/** retryNow: the alarm is the scheduled retry, so waiting out the outbox's backoff is over. */
export type PassOptions = { retryNow: boolean };
export type PassResult = { recordWritten: boolean };

/** What a pass needs from the actor it runs in. */
export interface CallPassHost {
  readonly store: CallStorage;
  readonly fold: CallFold;
  ports(spec: CallSpec): CallPorts;
  /** An event we raise: into the inbox, its rows to the outbox, a transcript line to the room. */
  addLocalEvent(spec: CallSpec, event: CarrierEvent): void;
  /** Re-derives the view; on a change queues the call row and tells the room. */
  refresh(spec: CallSpec): void;
  /** Writes outbox rows to Postgres (a RecordWriter). */
  writeRows(spec: CallSpec, rows: RecordRow[]): Promise<void>;
  readonly alarm: AlarmStorage;
  /** Keeps the runtime up for work the caller does not await (ctx.waitUntil). */
  keepAlive(work: Promise<unknown>): void;
  now(): number;
}

export class CallPasses {
  readonly #passes = new OnePassAtATime<PassOptions, PassResult>(
    (options) => this.#pass(options),
    (queued, joining) => ({ retryNow: queued.retryNow || joining.retryNow }),
  );
  readonly #besideThePass: OffPassRuns<CallTask>;

  constructor(private readonly host: CallPassHost) {
    this.#besideThePass = new OffPassRuns(host.store.tasks);
  }

  /** A pass that starts after this call (the alarm awaits one). */
  request(options: PassOptions): Promise<PassResult> {
    return this.#passes.request(options);
  }

  /** Asks for a pass after a change; the caller does not wait (the alarm retries what fails). */
  kick(): void {
    const pass = this.#passes.request({ retryNow: false }).catch((error: unknown) => {
      logEvent({ event: "call_pass_failed", error: String(error) });
    });
    this.host.keepAlive(pass);
  }

  async #pass({ retryNow }: PassOptions): Promise<PassResult> {
    const { store, fold } = this.host;
    const spec = store.spec();
    if (!spec) return { recordWritten: true };
    try {
      for (let round = 0; round < MAX_ROUNDS_PER_PASS; round++) {
        // Each round: a task's events may make an event due at once (the AI journals them).
        for (const event of dueCallEvents(fold.situation(spec, this.host.now()))) this.host.addLocalEvent(spec, event);
        this.host.refresh(spec);
        this.#planTasks(spec);
        const inPass: StoredTask<CallTask>[] = [];
        for (const stored of store.tasks.due(this.host.now())) {
          const leaseMs = leaseBesideThePassMs(stored.task);
          if (leaseMs === null) inPass.push(stored);
          else this.#startBesideThePass(spec, stored, leaseMs);
        }
        if (inPass.length === 0) break;
        for (const stored of inPass) await this.#runTask(spec, stored);
      }
      return { recordWritten: await store.outbox.flush((rows) => this.host.writeRows(spec, rows), { ignoreBackoff: retryNow }) };
    } finally {
      await this.#setAlarm(spec);
    }
  }

  #planTasks(spec: CallSpec): void {
    const situation = this.host.fold.situation(spec, this.host.now());
    for (const task of desiredCallTasks(situation)) this.host.store.tasks.addOnce(task, situation.nowMs);
  }

  async #runTask(spec: CallSpec, stored: StoredTask<CallTask>): Promise<void> {
    const outcome = await runStoredTask(stored, { situation: this.host.fold.situation(spec, this.host.now()), ports: this.host.ports(spec) });
    this.#settle(spec, stored, outcome);
  }

  /** Started now, settled when it answers (then a pass: its events may make more due). */
  #startBesideThePass(spec: CallSpec, stored: StoredTask<CallTask>, leaseMs: number): void {
    const context = { situation: this.host.fold.situation(spec, this.host.now()), ports: this.host.ports(spec) };
    const run = this.#besideThePass.start(
      stored,
      { nowMs: this.host.now(), leaseMs },
      () => runStoredTask(stored, context),
      (current, outcome) => {
        this.#settle(spec, current, outcome);
        this.kick();
      },
    );
    if (run) this.host.keepAlive(run.catch((error: unknown) => logEvent({ event: "call_pass_failed", error: `beside the pass: ${String(error)}` })));
  }

  /** What the runner said lands: events into the inbox, rows into the outbox, the task settled. Synchronous. */
  #settle(spec: CallSpec, stored: StoredTask<CallTask>, outcome: TaskOutcome): void {
    const { tasks, outbox } = this.host.store;
    applyTaskOutcome({ tasks, outbox, addEvent: (event) => this.host.addLocalEvent(spec, event) }, stored, outcome, this.host.now());
    this.host.refresh(spec);
  }

  async #setAlarm(spec: CallSpec): Promise<void> {
    const situation = this.host.fold.situation(spec, this.host.now());
    const retries = { taskRetryAtMs: this.host.store.tasks.nextAttemptAtMs(), outboxRetryAtMs: this.host.store.outbox.nextAttemptAtMs(situation.nowMs) };
    await setSoonestAlarm(this.host.alarm, callTimers(situation, retries), situation.nowMs);
  }
}
