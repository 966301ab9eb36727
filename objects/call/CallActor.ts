// CallActor: one per call (room `<orgId>:<callId>`). A thin shell: it stores events in
// its inbox, derives the record with machine.ts, sends what commands.ts wants through
// the carrier, writes the record to Postgres through its outbox, and broadcasts to
// the consoles in its room. State is in SQLite; memory only caches, so an eviction at
// any await loses nothing, and every await is followed by re-reading state.
import { Server, type Connection, type ConnectionContext } from "partyserver";
import { readRoomIdentity, type RoomIdentity } from "../shared/room-identity";
import { CarrierClient } from "./carrier-client";
import type { CarrierEvent } from "./carrier-event";
import type { CallSpec } from "./call-spec";
import { CallStorage, type CopyRecordingTask, type StoredTask } from "./call-storage";
import { callAgentUserId, callRow, eventRow, segmentRow, toCallView, toSegmentView } from "./call-view";
import { desiredDialerTasks, type CampaignUpdateTask, type ReserveAgentTask } from "./dialer-updates";
import { agentAddressFor } from "../../domain/agent-address";
import { desiredCommands, hangupUnconfirmed, nextWatchdogAtMs } from "./commands";
import { desiredPoolUpdates, type PoolUpdateTask } from "./pool-updates";
import { foldCall, LOCAL_EVENTS, type CallRecord } from "./machine";
import { TERMINAL_STATUSES } from "../../domain/call-status";
import type { CallServerMessage, CallView, TranscriptSegmentView } from "./protocol";
import type { RecordRow } from "../../db/writers/call-rows";
import { recordWriterFor } from "../record-writer/RecordWriter";
import { agentPoolStub, campaignActorStub } from "../shared/actor-stubs";

/** Give up on a task after this many tries (the first retries back off from 1 s to 30 s). */
const MAX_TASK_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 30_000;
/** While a call is live, look at it at least this often even if nothing happens. */
const HEARTBEAT_MS = 60_000;
/** How soon after a start the alarm looks again, in case the first pass never finished. */
const START_RESCUE_MS = 2000;
/** How soon a call waiting for an agent asks the pool again. */
const RESERVE_RETRY_MS = 200;

const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts);

export class CallActor extends Server<Env> {
  static override options = { hibernate: true };

  readonly #store: CallStorage;
  #carrier: CarrierClient | undefined;
  #driving: Promise<void> | null = null;
  #driveAgain = false;
  #folded: { spec: CallSpec; events: readonly CarrierEvent[]; record: CallRecord } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new CallStorage(ctx.storage);
  }

  // ---- RPC from the Worker -------------------------------------------------------

  /** Starts the call once; a repeated start (a retried request) changes nothing. */
  async start(spec: CallSpec): Promise<CallView> {
    this.#store.saveSpec(spec);
    const view = this.#refresh().view;
    // If the actor is evicted before the first pass ends, this alarm makes the dial anyway.
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + START_RESCUE_MS);
    this.#drive();
    return view;
  }

  async receiveCarrierEvent(event: CarrierEvent): Promise<{ duplicate: boolean; known: boolean }> {
    const now = Date.now();
    const isNew = this.#store.addEvent(event, now);
    const spec = this.#store.spec();
    if (!spec) return { duplicate: !isNew, known: false };
    if (isNew) {
      this.#enqueueEventRows(spec, event, now);
      this.#refresh();
      this.#drive();
    }
    return { duplicate: !isNew, known: true };
  }

  async requestHangup(): Promise<CallView | null> {
    const spec = this.#store.spec();
    if (!spec) return null;
    const now = Date.now();
    this.#addLocalEvent(spec, LOCAL_EVENTS.hangupRequested, "customer", now, {});
    const view = this.#refresh().view;
    this.#drive();
    return view;
  }

  async snapshot(): Promise<{ call: CallView; transcript: TranscriptSegmentView[] } | null> {
    const spec = this.#store.spec();
    if (!spec) return null;
    const record = this.#record(spec);
    return { call: toCallView(spec, record), transcript: record.transcript.map(toSegmentView) };
  }

  override async onAlarm(): Promise<void> {
    const spec = this.#store.spec();
    if (!spec) return;
    const now = Date.now();
    const record = this.#refresh().record;
    if (hangupUnconfirmed(record, this.#store.lastHangupSentAtMs(), now)) {
      this.#addLocalEvent(spec, LOCAL_EVENTS.watchdogEnded, "customer", now, {});
      this.#refresh();
    }
    // Awaited here (unlike after a webhook): if the record could not be written, throw so
    // the runtime retries the alarm as well as the retry we scheduled ourselves.
    const { recordWritten } = await this.#runOnce({ retryNow: true });
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

  // ---- Deriving, recording, broadcasting -----------------------------------------

  /** Re-derives the record; on a change, queues the call row and tells the room. Synchronous: no await. */
  #refresh(): { record: CallRecord; view: CallView } {
    const spec = this.#store.spec()!;
    const record = this.#record(spec);
    const view = toCallView(spec, record);
    const viewJson = JSON.stringify(view);
    if (viewJson !== this.#store.meta("view")) {
      const version = Number(this.#store.meta("version") ?? "0") + 1;
      this.#store.setMeta("version", String(version));
      this.#store.setMeta("view", viewJson);
      this.#store.enqueue("call", callRow(spec, record, version));
      this.broadcast(JSON.stringify({ type: "call", call: view, transcript: record.transcript.map(toSegmentView) } satisfies CallServerMessage));
    }
    return { record, view };
  }

  #enqueueEventRows(spec: CallSpec, event: CarrierEvent, now: number): void {
    this.#store.enqueue(`event:${event.id}`, eventRow(spec, event));
    if (event.transcript) {
      const segment = { id: event.id, atMs: event.occurredAtMs, ...event.transcript };
      this.#store.enqueue(`segment:${event.id}`, segmentRow(spec, segment));
      this.broadcast(JSON.stringify({ type: "transcript", segment: toSegmentView(segment) } satisfies CallServerMessage));
    }
    if (event.recording) {
      const task: CopyRecordingTask = { name: `copy-recording-${event.id}`, action: "copy_recording", recordingId: event.id, ...event.recording };
      this.#store.addTask(task, crypto.randomUUID(), now);
    }
  }

  #addLocalEvent(spec: CallSpec, type: string, leg: CarrierEvent["leg"], now: number, payload: Record<string, unknown>, callControlId = ""): void {
    const event: CarrierEvent = {
      // Stable ids make local events idempotent too: a second hang-up request is a duplicate.
      id: `${type}:${leg}`,
      type,
      occurredAtMs: now,
      leg,
      callControlId,
      callSessionId: null,
      hangupCause: null,
      hangupSource: null,
      amdResult: null,
      transcript: null,
      recording: null,
      payload,
    };
    if (this.#store.addEvent(event, now)) this.#store.enqueue(`event:${event.id}`, eventRow(spec, event));
  }

  // ---- Sending and writing (async) -----------------------------------------------

  /** Runs the send/write loop once at a time; a kick while it runs schedules one more pass. */
  #drive(): void {
    if (this.#driving) {
      this.#driveAgain = true;
      return;
    }
    this.#driving = (async () => {
      try {
        do {
          this.#driveAgain = false;
          await this.#runOnce();
        } while (this.#driveAgain);
      } catch (error) {
        // The alarm set below retries; nothing is lost because nothing lived only in memory.
        console.log(JSON.stringify({ event: "call_drive_failed", error: String(error) }));
      } finally {
        this.#driving = null;
      }
    })();
    this.ctx.waitUntil(this.#driving);
  }

  /** retryNow: the alarm is the scheduled retry, so waiting-out backoffs is over. */
  async #runOnce(options: { retryNow?: boolean } = {}): Promise<{ recordWritten: boolean }> {
    const spec = this.#store.spec();
    if (!spec) return { recordWritten: true };
    try {
      this.#planTasks(spec, Date.now());
      for (const task of this.#store.dueTasks(Date.now())) await this.#runTask(spec, task);
      return { recordWritten: await this.#flushOutbox(spec, options.retryNow ?? false) };
    } finally {
      await this.#scheduleAlarm(spec);
    }
  }

  #planTasks(spec: CallSpec, now: number): void {
    const record = this.#record(spec);
    for (const task of [...desiredPoolUpdates(spec, record), ...desiredDialerTasks(spec, record, now), ...desiredCommands(spec, record, now)]) {
      if (!this.#store.task(task.name)) this.#store.addTask(task, crypto.randomUUID(), now);
    }
  }

  async #runTask(spec: CallSpec, stored: StoredTask): Promise<void> {
    const { task } = stored;
    if (task.action === "copy_recording") return this.#copyRecording(spec, stored, task);
    if (task.action === "pool_update") return this.#updatePool(spec, stored, task);
    if (task.action === "reserve_agent") return this.#reserveAgent(spec, stored, task);
    if (task.action === "campaign_update") return this.#updateCampaign(stored, task);
    // Still wanted? Events may have arrived since it was planned (for example the call ended).
    const record = this.#record(spec);
    if (!desiredCommands(spec, record, Date.now()).some((c) => c.name === task.name)) {
      this.#store.finishTask(task.name, "done", Date.now(), "no longer needed");
      return;
    }
    const outcome = await this.#carrierClient().send(spec, task, stored.commandId);
    const now = Date.now();
    switch (outcome.kind) {
      case "done":
      case "moot":
        this.#store.finishTask(task.name, "done", now, outcome.kind === "moot" ? outcome.error : null);
        if (task.action === "dial" && outcome.kind === "done" && outcome.callControlId) {
          this.#addLocalEvent(spec, LOCAL_EVENTS.dialAccepted, task.leg, now, {}, outcome.callControlId);
        }
        break;
      case "retry":
        if (this.#retryLater(stored, outcome.error, now)) break;
        this.#failTask(spec, stored, outcome.error, now);
        break;
      case "failed":
        this.#failTask(spec, stored, outcome.error, now);
        break;
    }
    this.#refresh();
  }

  #failTask(spec: CallSpec, stored: StoredTask, error: string, now: number): void {
    this.#store.finishTask(stored.name, "failed", now, error);
    const leg = "leg" in stored.task ? stored.task.leg : "customer";
    if (stored.task.action === "dial") this.#addLocalEvent(spec, LOCAL_EVENTS.commandFailed, leg, now, { command: stored.name, detail: error });
  }

  async #copyRecording(spec: CallSpec, stored: StoredTask, task: CopyRecordingTask): Promise<void> {
    const now = Date.now();
    try {
      const response = await fetch(task.url);
      if (!response.ok) throw new Error(`recording download answered ${response.status}`);
      const contentType = response.headers.get("content-type") ?? "audio/wav";
      const bytes = await response.arrayBuffer();
      const storageKey = `${spec.organizationId}/${spec.id}/${task.recordingId}`;
      await this.env.RECORDINGS.put(storageKey, bytes, { httpMetadata: { contentType } });
      const row: RecordRow = {
        table: "recording",
        row: {
          id: task.recordingId,
          organizationId: spec.organizationId,
          callId: spec.id,
          storageKey,
          contentType,
          sizeBytes: bytes.byteLength,
          startedAt: task.startedAtMs === null ? null : new Date(task.startedAtMs),
          endedAt: task.endedAtMs === null ? null : new Date(task.endedAtMs),
        },
      };
      this.#store.enqueue(`recording:${task.recordingId}`, row);
      this.#store.finishTask(task.name, "done", Date.now());
    } catch (error) {
      if (!this.#retryLater(stored, String(error), now)) this.#store.finishTask(task.name, "failed", now, String(error));
    }
  }

  /** Writes the outbox to Postgres; false when rows are still waiting (down, or backing off). */
  async #updatePool(spec: CallSpec, stored: StoredTask, task: PoolUpdateTask): Promise<void> {
    const now = Date.now();
    // The end waits for the start, so the agent is never left on a call that is over.
    const started = this.#store.task("pool-call-started");
    if (task.change === "ended" && started?.state === "pending") {
      this.#store.retryTask(task.name, now + backoffMs(0), "waiting for the start to reach the pool");
      return;
    }
    if (task.change === "ended" && started?.state === "failed") {
      this.#store.finishTask(task.name, "failed", now, "the start never reached the pool");
      return;
    }
    try {
      const pool = this.#pool(spec);
      if (task.change === "started") await pool.callStarted(task.userId, spec.id);
      else await pool.callEnded(task.userId, spec.id);
      this.#store.finishTask(task.name, "done", Date.now());
    } catch (error) {
      if (!this.#retryLater(stored, String(error), now)) this.#store.finishTask(task.name, "failed", now, String(error));
    }
  }

  /**
   * Asks the pool for the longest-idle of the campaign's agents; none free, ask again
   * shortly until the connect window closes, then the safe-harbor message plays.
   */
  async #reserveAgent(spec: CallSpec, stored: StoredTask, task: ReserveAgentTask): Promise<void> {
    let reserved: { userId: string } | null = null;
    try {
      reserved = await this.#pool(spec).reserveLongestIdleAgent(spec.id, task.eligibleUserIds);
    } catch (error) {
      console.log(JSON.stringify({ event: "call_reserve_agent_failed", callId: spec.id, error: String(error) }));
    }
    const now = Date.now();
    if (reserved) {
      this.#addLocalEvent(spec, LOCAL_EVENTS.agentReserved, "agent", now, { userId: reserved.userId, address: agentAddressFor(this.env, reserved.userId) });
      this.#store.finishTask(task.name, "done", now);
    } else if (now >= task.windowEndsAtMs) {
      this.#addLocalEvent(spec, LOCAL_EVENTS.agentUnavailable, "customer", now, {});
      this.#store.finishTask(task.name, "done", now, "no agent free within the connect window");
    } else {
      this.#store.retryTask(task.name, Math.min(task.windowEndsAtMs, now + RESERVE_RETRY_MS), "no agent free yet");
    }
    this.#refresh();
  }

  async #updateCampaign(stored: StoredTask, task: CampaignUpdateTask): Promise<void> {
    const now = Date.now();
    try {
      const spec = this.#store.spec()!;
      const campaign = campaignActorStub(this.env, spec.organizationId, task.campaignId);
      if ("outcome" in task) await campaign.callResolved(task.outcome);
      else await campaign.callPhase(spec.id, task.phase, task.atMs);
      this.#store.finishTask(task.name, "done", Date.now());
    } catch (error) {
      if (!this.#retryLater(stored, String(error), now)) this.#store.finishTask(task.name, "failed", now, String(error));
    }
  }

  /** Schedules another try with backoff; false once the task has had all its tries. */
  #retryLater(stored: StoredTask, error: string, now: number): boolean {
    if (stored.attempts + 1 >= MAX_TASK_ATTEMPTS) return false;
    this.#store.retryTask(stored.name, now + backoffMs(stored.attempts), error);
    return true;
  }

  #pool(spec: CallSpec) {
    return agentPoolStub(this.env, spec.organizationId);
  }

  async #flushOutbox(spec: CallSpec, retryNow: boolean): Promise<boolean> {
    const rows = this.#store.outbox();
    if (rows.length === 0) return true;
    const due = this.#store.nextOutboxAttemptAtMs(Date.now());
    if (!retryNow && due !== null && due > Date.now()) return false;
    // Written by the call's RecordWriter (kept connections, group commit); the rows stay
    // here until it confirms, so a failure anywhere on the way only delays them.
    try {
      await recordWriterFor(this.env, spec.id).write(rows.map((r) => JSON.parse(r.json) as RecordRow));
      this.#store.markWritten(rows);
      return true;
    } catch (error) {
      this.#store.postponeOutbox(Date.now() + backoffMs(this.#store.outboxFailures()));
      console.log(JSON.stringify({ event: "call_outbox_postponed", rows: rows.length, error: String(error) }));
      return false;
    }
  }

  async #scheduleAlarm(spec: CallSpec): Promise<void> {
    const record = this.#record(spec);
    const live = !TERMINAL_STATUSES.has(record.status);
    const candidates = [
      this.#store.nextTaskAttemptAtMs(),
      this.#store.nextOutboxAttemptAtMs(Date.now()),
      nextWatchdogAtMs(spec, record, this.#store.lastHangupSentAtMs()),
      live ? Date.now() + HEARTBEAT_MS : null,
    ].filter((at): at is number => at !== null);
    if (candidates.length === 0) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.max(Date.now() + 1, Math.min(...candidates)));
  }

  /** The record derived from the inbox; derived again only once an event was added. */
  #record(spec: CallSpec): CallRecord {
    const events = this.#store.events();
    if (this.#folded?.events !== events || this.#folded.spec !== spec) this.#folded = { spec, events, record: foldCall(spec, events) };
    return this.#folded.record;
  }

  #carrierClient(): CarrierClient {
    this.#carrier ??= new CarrierClient(this.env);
    return this.#carrier;
  }

  #send(connection: Connection, message: CallServerMessage): void {
    connection.send(JSON.stringify(message satisfies CallServerMessage));
  }
}
