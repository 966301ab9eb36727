// CallActor: one per call (room `<orgId>:<callId>`). An executor: it stores events in its
// inbox, folds them into the record (machine.ts), asks every call feature (features/)
// which tasks it wants, runs the due ones through the feature registry, writes the record
// to Postgres through its outbox, sets its one alarm to the soonest named timer, and
// broadcasts to the consoles in its room. One pass at a time, the alarm's included, so a
// due task is never sent twice at once. State is in SQLite; memory only caches, so an
// eviction at any await loses nothing, and every await is followed by re-reading state.
import { Server, type Connection, type ConnectionContext } from "partyserver";
import { recordWriterFor } from "../record-writer/RecordWriter";
import { isLastAttempt, OnePassAtATime, setSoonestAlarm, type StoredTask } from "../shared/durable";
import { readRoomIdentity, type RoomIdentity } from "../shared/room-identity";
import type { CallSpec } from "./call-spec";
import { CallStorage } from "./call-storage";
import { callAgentUserId, callRow, eventRow, segmentRow, toCallView, toSegmentView, transcriptSegmentOf } from "./call-view";
import { carrierEventSchema, type CarrierEvent } from "./carrier-event";
import type { CallSituation, TaskOutcome } from "./features/feature";
import { desiredCallTasks, dueCallEvents, featureWakeTimes, runCallTask, type CallTask } from "./features/registry";
import { settleTask } from "./features/settle-task";
import { hangupRequested } from "./local-events";
import { foldCall, type CallRecord } from "./machine";
import { TERMINAL_STATUSES } from "../../domain/call-status";
import { realCallPorts, type CallPorts } from "./ports";
import type { CallServerMessage, CallView, TranscriptSegmentView } from "./protocol";
import { logEvent } from "../../domain/log";

/** While a call is live, look at it at least this often even if nothing happens. */
const HEARTBEAT_MS = 60_000;
/** How soon after a start the alarm looks again, in case the first pass never finished. */
const START_RESCUE_MS = 2000;
/** Rounds of planning within one pass: a task's events may make another task due at once. */
const MAX_ROUNDS_PER_PASS = 8;

/** retryNow: the alarm is the scheduled retry, so waiting out the outbox's backoff is over. */
type PassOptions = { retryNow: boolean };
type PassResult = { recordWritten: boolean };

export class CallActor extends Server<Env> {
  static override options = { hibernate: true };

  readonly #store: CallStorage;
  readonly #passes = new OnePassAtATime<PassOptions, PassResult>(
    (options) => this.#pass(options),
    (queued, joining) => ({ retryNow: queued.retryNow || joining.retryNow }),
  );
  #ports: CallPorts | undefined;
  #folded: { spec: CallSpec; events: readonly CarrierEvent[]; record: CallRecord } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new CallStorage(ctx.storage);
  }

  // ---- RPC from the Worker -------------------------------------------------------

  /** Starts the call once; a repeated start (a retried request) changes nothing. */
  async start(spec: CallSpec): Promise<CallView> {
    this.#store.saveSpec(spec);
    const view = this.#refresh(this.#store.spec() ?? spec).view;
    // If the actor is evicted before the first pass ends, this alarm makes the dial anyway.
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + START_RESCUE_MS);
    this.#kick();
    return view;
  }

  async receiveCarrierEvent(input: CarrierEvent): Promise<{ duplicate: boolean; known: boolean }> {
    const event = carrierEventSchema.parse(input);
    const isNew = this.#store.addEvent(event, Date.now());
    const spec = this.#store.spec();
    if (!spec) return { duplicate: !isNew, known: false };
    if (isNew) {
      this.#recordEvent(spec, event);
      this.#refresh(spec);
      this.#kick();
    }
    return { duplicate: !isNew, known: true };
  }

  async requestHangup(): Promise<CallView | null> {
    const spec = this.#store.spec();
    if (!spec) return null;
    this.#addLocalEvent(spec, hangupRequested(Date.now()));
    const view = this.#refresh(spec).view;
    this.#kick();
    return view;
  }

  async snapshot(): Promise<{ call: CallView; transcript: TranscriptSegmentView[] } | null> {
    const spec = this.#store.spec();
    if (!spec) return null;
    const record = this.#record(spec);
    return { call: toCallView(spec, record), transcript: record.transcript.map(toSegmentView) };
  }

  override async onAlarm(): Promise<void> {
    // Waits its turn like any other pass. Throws when the record could not be written, so
    // the runtime retries the alarm as well as the retry the pass scheduled itself.
    const { recordWritten } = await this.#passes.request({ retryNow: true });
    if (!recordWritten) throw new Error("call record not written to Postgres yet; retrying");
  }

  // ---- The room ------------------------------------------------------------------

  override onConnect(connection: Connection<RoomIdentity>, ctx: ConnectionContext): void {
    const identity = readRoomIdentity(ctx.request);
    const spec = this.#store.spec();
    if (!identity || !spec || spec.organizationId !== identity.organizationId) {
      connection.close(4404, "no such call");
      return;
    }
    // Agents see their own calls; supervisors and up see every call of the organisation.
    if (identity.role === "agent" && callAgentUserId(spec, this.#record(spec)) !== identity.userId) {
      this.#send(connection, { type: "error", code: "forbidden", message: "This call belongs to another agent" });
      connection.close(4403, "forbidden");
      return;
    }
    connection.setState(identity);
    const record = this.#record(spec);
    this.#send(connection, { type: "call", call: toCallView(spec, record), transcript: record.transcript.map(toSegmentView) });
  }

  override onMessage(connection: Connection): void {
    this.#send(connection, { type: "error", code: "read_only", message: "Change a call through the API (hang up, notes, disposition)" });
  }

  // ---- The pass: plan, run due tasks, flush, set the alarm -----------------------

  /** Asks for a pass after a change; the caller does not wait (the alarm retries what fails). */
  #kick(): void {
    const pass = this.#passes.request({ retryNow: false }).catch((error: unknown) => {
      logEvent({ event: "call_pass_failed", error: String(error) });
    });
    this.ctx.waitUntil(pass);
  }

  async #pass({ retryNow }: PassOptions): Promise<PassResult> {
    const spec = this.#store.spec();
    if (!spec) return { recordWritten: true };
    try {
      for (const event of dueCallEvents(this.#situation(spec))) this.#addLocalEvent(spec, event);
      this.#refresh(spec);
      for (let round = 0; round < MAX_ROUNDS_PER_PASS; round++) {
        this.#planTasks(spec);
        const due = this.#store.tasks.due(Date.now());
        if (due.length === 0) break;
        for (const stored of due) await this.#runTask(spec, stored);
      }
      const writer = recordWriterFor(this.env, spec.id);
      return { recordWritten: await this.#store.outbox.flush((rows) => writer.write(rows), { ignoreBackoff: retryNow }) };
    } finally {
      await this.#setAlarm(spec);
    }
  }

  #planTasks(spec: CallSpec): void {
    const situation = this.#situation(spec);
    for (const task of desiredCallTasks(situation)) this.#store.tasks.addOnce(task, situation.nowMs);
  }

  async #runTask(spec: CallSpec, stored: StoredTask<CallTask>): Promise<void> {
    const attempt = { commandId: stored.commandId, attempts: stored.attempts, isLast: isLastAttempt(stored) };
    let outcome: TaskOutcome;
    try {
      outcome = await runCallTask(stored.task, { situation: this.#situation(spec), ports: this.#callPorts(spec), attempt });
    } catch (error) {
      // A runner that throws is a bug; retried with backoff and given up, never a stuck call.
      outcome = { kind: "retry", error: `runner threw: ${String(error)}` };
    }
    const now = Date.now();
    for (const event of outcome.kind === "retry" ? [] : (outcome.events ?? [])) this.#addLocalEvent(spec, event);
    if (outcome.kind === "done") for (const { key, row } of outcome.rows ?? []) this.#store.outbox.enqueue(key, row);
    settleTask(this.#store.tasks, stored, outcome, now);
    this.#refresh(spec);
  }

  async #setAlarm(spec: CallSpec): Promise<void> {
    const situation = this.#situation(spec);
    const live = !TERMINAL_STATUSES.has(situation.record.status);
    const timers = {
      ...featureWakeTimes(situation),
      taskRetry: this.#store.tasks.nextAttemptAtMs(),
      outboxRetry: this.#store.outbox.nextAttemptAtMs(situation.nowMs),
      heartbeat: live ? situation.nowMs + HEARTBEAT_MS : null,
    };
    await setSoonestAlarm(this.ctx.storage, timers, situation.nowMs);
  }

  // ---- Deriving, recording, broadcasting (synchronous: no await) ----------------

  /** Re-derives the record; on a change, queues the call row and tells the room. */
  #refresh(spec: CallSpec): { record: CallRecord; view: CallView } {
    const record = this.#record(spec);
    const view = toCallView(spec, record);
    const viewJson = JSON.stringify(view);
    const stored = this.#store.recordVersion();
    if (viewJson !== stored.viewJson) {
      const version = stored.version + 1;
      this.#store.saveRecordVersion(version, viewJson);
      this.#store.outbox.enqueue("call", callRow(spec, record, version));
      this.broadcast(JSON.stringify({ type: "call", call: view, transcript: record.transcript.map(toSegmentView) } satisfies CallServerMessage));
    }
    return { record, view };
  }

  /** A new event's rows for the record; a transcript line also goes to the room at once. */
  #recordEvent(spec: CallSpec, event: CarrierEvent): void {
    this.#store.outbox.enqueue(`event:${event.id}`, eventRow(spec, event));
    const segment = transcriptSegmentOf(event);
    if (!segment) return;
    this.#store.outbox.enqueue(`segment:${event.id}`, segmentRow(spec, segment));
    this.broadcast(JSON.stringify({ type: "transcript", segment: toSegmentView(segment) } satisfies CallServerMessage));
  }

  #addLocalEvent(spec: CallSpec, event: CarrierEvent): void {
    if (this.#store.addEvent(event, event.occurredAtMs)) this.#store.outbox.enqueue(`event:${event.id}`, eventRow(spec, event));
  }

  #situation(spec: CallSpec): CallSituation {
    const { tasks } = this.#store;
    return {
      spec,
      record: this.#record(spec),
      events: this.#store.events(),
      nowMs: Date.now(),
      tasks: { state: (name) => tasks.get(name)?.state ?? null, lastDoneAtMs: (prefix) => tasks.lastDoneAtMs(prefix) },
    };
  }

  /** The record derived from the inbox; derived again only once an event was added. */
  #record(spec: CallSpec): CallRecord {
    const events = this.#store.events();
    if (this.#folded?.events !== events || this.#folded.spec !== spec) this.#folded = { spec, events, record: foldCall(spec, events) };
    return this.#folded.record;
  }

  #callPorts(spec: CallSpec): CallPorts {
    this.#ports ??= realCallPorts(this.env, spec.organizationId);
    return this.#ports;
  }

  #send(connection: Connection, message: CallServerMessage): void {
    connection.send(JSON.stringify(message satisfies CallServerMessage));
  }
}
