// CallActor: one per call (room `<orgId>:<callId>`). An executor: it stores events in its
// inbox, folds them into the record (machine.ts), asks every call feature (features/)
// which tasks it wants, runs the due ones through the feature registry, writes the record
// to Postgres through its outbox, sets its one alarm to the soonest named timer, and
// broadcasts to the consoles in its room. One pass at a time, the alarm's included, so a
// due task is never sent twice at once; tasks that wait on the model run beside the pass
// (call-passes.ts), so they never hold the call's carrier commands. State is in SQLite;
// memory only caches, so an eviction at any await loses nothing, and every await is
// followed by re-reading state.
import { Server, type Connection, type ConnectionContext } from "partyserver";
import { recordWriterFor } from "../record-writer/RecordWriter";
import { readRoomIdentity, type RoomIdentity } from "../shared/room-identity";
import { KeptAlarm } from "../shared/durable";
import { CallFold } from "./call-fold";
import type { CallSpec } from "./call-spec";
import { CallStorage } from "./call-storage";
import { CallPasses } from "./call-passes";
import { callAgentUserId, callSnapshot, type ViewAudience } from "./call-view";
import { CallRoom } from "./call-room";
import { carrierEventSchema, type CarrierEvent } from "./carrier-event";
import { redactSensitiveInput } from "./features/ivr/key-redaction";
import { hangupRequested, helpRequested, helpWithdrawn, recordingControlRequested, supervisionLeft, supervisionRequested } from "./local-events";
import { decideRecordingControl, type RecordingAction, type RecordingControlAnswer } from "./features/recording-controls/recording-state";
import { inPaymentStep } from "./features/ivr/ivr-tasks";
import { decideRaise, decideWithdraw, type RaiseHandAnswer, type WithdrawHandAnswer } from "./features/help-requests/help-state";
import { decideJoin, decideLeave, type SupervisionPolicy } from "./features/supervision/session-machine";
import type { SupervisionAnswer, SupervisionRequest } from "./features/supervision/supervision-rpc";
import { decideAiOperator, type AiOperatorAnswer, type AiOperatorRequest } from "./features/ai-agent/operator";
import { queueTurnTaskNames } from "./features/queue/queue-tasks";
import { decideVoiceLine, type VoiceLineDecision } from "./features/intelligence/voice-lines";
import type { CallRecord } from "./machine";
import { realCallPorts, type CallPorts } from "./ports";
import type { CallServerMessage, CallView, TranscriptSegmentView } from "./protocol";
import { admitToCallRoom } from "./room-admission";
import { logEvent } from "../../domain/log";
import { TERMINAL_STATUSES } from "../../domain/call-status";

/** How soon after a start the alarm looks again, in case the first pass never finished. */
const START_RESCUE_MS = 2000;

export class CallActor extends Server<Env> {
  static override options = { hibernate: true };

  readonly #store: CallStorage;
  readonly #alarm: KeptAlarm;
  readonly #passes: CallPasses;
  readonly #fold: CallFold;
  #ports: CallPorts | undefined;
  readonly #room: CallRoom;

  /** A fold, broadcast and pass are due for events stored and answered for (#absorbSoon). */
  #absorbScheduled = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new CallStorage(ctx.storage);
    this.#alarm = new KeptAlarm(ctx.storage);
    this.#fold = new CallFold(this.#store);
    this.#room = new CallRoom(this.#store, this.#fold, {
      broadcast: (message) => this.broadcast(message),
      connections: () => audiences(this.getConnections<RoomIdentity>()),
    });
    this.#passes = new CallPasses({
      store: this.#store,
      fold: this.#fold,
      ports: (spec) => this.#callPorts(spec),
      addLocalEvent: (spec, event) => this.#addLocalEvent(spec, event),
      refresh: (spec) => void this.#refresh(spec),
      writeRows: (spec, rows) => recordWriterFor(this.env, spec.id).write(rows),
      alarm: this.#alarm,
      keepAlive: (work) => this.ctx.waitUntil(work),
      now: () => Date.now(),
    });
  }

  // ---- RPC from the Worker -------------------------------------------------------

  /** Starts the call once; a repeated start (a retried request) changes nothing. */
  async start(spec: CallSpec): Promise<CallView> {
    this.#store.saveSpec(spec);
    const view = this.#refresh(this.#store.spec() ?? spec).view;
    // If the actor is evicted before the first pass ends, this alarm makes the dial anyway.
    if ((await this.#alarm.getAlarm()) === null) await this.#alarm.setAlarm(Date.now() + START_RESCUE_MS);
    this.#kick();
    return view;
  }

  /**
   * Store, then acknowledge: the answer (the carrier's 2xx) waits only for the event and
   * its rows for Postgres to be stored, deduplicated, and a new transcript line to be sent
   * to the room (first, before the writes). The fold, the call's broadcast and the pass
   * follow the answer (#absorbSoon), one fold for every event stored meanwhile; every actor shares the isolate's one
   * thread, so an ack that carried them waited behind every other call's folds.
   */
  async receiveCarrierEvent(input: CarrierEvent): Promise<{ duplicate: boolean; known: boolean }> {
    const spec = this.#store.spec();
    const parsed = carrierEventSchema.parse(input);
    // Keys pressed in a sensitive IVR step, and words said while the recording is paused, are masked before anything keeps them.
    const event = spec ? redactSensitiveInput(spec, this.#store.events(), parsed) : parsed;
    // The schema's own output, unless redaction rewrote it (then the inbox parses it back).
    const stored = { schemaParsed: event === parsed };
    if (!spec) return { duplicate: !this.#store.addEvent(event, Date.now(), stored), known: false };
    // A new line goes to the room before the event is written (call-room.ts receive).
    const isNew = this.#room.receive(spec, event, Date.now(), stored);
    if (isNew) this.#absorbSoon();
    return { duplicate: !isNew, known: true };
  }

  /**
   * An event for a call that still lives (Stripe's confirmation of its payment): added as a
   * carrier event is, or dropped once the call has ended or was never started here. One
   * round trip that reads only the call's status, where a snapshot built the whole view and
   * its transcript for the webhook route to look at one field.
   */
  async receiveWhileLive(input: CarrierEvent): Promise<{ delivered: boolean }> {
    const spec = this.#store.spec();
    if (!spec || TERMINAL_STATUSES.has(this.#fold.record(spec).status)) return { delivered: false };
    await this.receiveCarrierEvent(input);
    return { delivered: true };
  }

  async requestHangup(): Promise<CallView | null> {
    const spec = this.#store.spec();
    if (!spec) return null;
    this.#addLocalEvent(spec, hangupRequested(Date.now()));
    const view = this.#refresh(spec).view;
    this.#kick();
    return view;
  }

  /**
   * A supervisor joins the call in `mode`, or switches to it. Decided and recorded with
   * no await in between, so two supervisors asking at once cannot both take the one place.
   */
  async supervise(request: SupervisionRequest, policy: SupervisionPolicy): Promise<SupervisionAnswer> {
    const spec = this.#store.spec();
    if (!spec) return { kind: "no_call" };
    const record = this.#fold.record(spec);
    const decision = decideJoin(spec, record, this.#fold.supervision(), request.supervisor.userId, request.mode, policy);
    if (decision.kind === "refused") return { kind: "refused", reason: decision.reason, message: decision.message };
    if (decision.kind === "unchanged") return { kind: "unchanged", sessionId: decision.session.sessionId, mode: decision.session.mode, call: this.#refresh(spec).view };
    const sessionId = decision.kind === "switch" ? decision.session.sessionId : crypto.randomUUID();
    const now = Date.now();
    this.#addLocalEvent(spec, supervisionRequested(now, { requestId: crypto.randomUUID(), sessionId, supervisor: request.supervisor, mode: request.mode, visibleToAgent: request.visibleToAgent }));
    const view = this.#refresh(spec).view;
    this.#kick();
    return { kind: decision.kind === "switch" ? "switched" : "joined", sessionId, mode: request.mode, previousMode: decision.kind === "switch" ? decision.session.mode : null, call: view };
  }

  /** The supervisor leaves: only their leg is hung up. */
  async leaveSupervision(userId: string): Promise<SupervisionAnswer> {
    const spec = this.#store.spec();
    if (!spec) return { kind: "no_call" };
    const decision = decideLeave(this.#fold.record(spec), this.#fold.supervision(), userId);
    if (decision.kind === "not_supervising") return { kind: "not_supervising" };
    this.#addLocalEvent(spec, supervisionLeft(Date.now(), decision.session.sessionId));
    const view = this.#refresh(spec).view;
    this.#kick();
    return { kind: "left", sessionId: decision.session.sessionId, mode: decision.session.mode, call: view };
  }

  /** The agent on the call raises a hand (a help request with a reason): decided and recorded with no await between. */
  async raiseHand(userId: string, reason: string): Promise<RaiseHandAnswer> {
    const spec = this.#store.spec();
    if (!spec) return { kind: "no_call" };
    const record = this.#fold.record(spec);
    const decision = decideRaise(record, callAgentUserId(spec, record), userId);
    if (decision.kind === "refused") return decision;
    const requestId = crypto.randomUUID();
    this.#addLocalEvent(spec, helpRequested(Date.now(), { requestId, reason, agentUserId: userId.toLowerCase() }));
    const view = this.#refresh(spec).view;
    this.#kick();
    return { kind: "raised", requestId, call: view };
  }

  /** The agent takes their raised hand back (the pool drops it through the help-requests feature). */
  async withdrawHand(userId: string): Promise<WithdrawHandAnswer> {
    const spec = this.#store.spec();
    if (!spec) return { kind: "no_call" };
    const record = this.#fold.record(spec);
    const decision = decideWithdraw(record, this.#fold.featureViews(spec).hands, callAgentUserId(spec, record), userId);
    if (decision.kind === "refused") return decision;
    if (decision.kind === "none_up") return { kind: "withdrawn", requestId: null, call: this.#refresh(spec).view };
    this.#addLocalEvent(spec, helpWithdrawn(Date.now(), decision.hand.requestId, userId.toLowerCase()));
    const view = this.#refresh(spec).view;
    this.#kick();
    return { kind: "withdrawn", requestId: decision.hand.requestId, call: view };
  }

  /** The agent pauses or resumes the recording, with a reason: decided and recorded with no await between. */
  async controlRecording(userId: string, action: RecordingAction, reason: string): Promise<RecordingControlAnswer> {
    const spec = this.#store.spec();
    if (!spec) return { kind: "no_call" };
    const record = this.#fold.record(spec);
    const state = this.#fold.featureViews(spec).recording;
    const facts = {
      recordingStarted: this.#store.taskLookup.state("record_start-customer") === "done",
      inPaymentStep: inPaymentStep({ spec, events: this.#store.events() }),
    };
    const decision = decideRecordingControl(spec, record, state, facts, callAgentUserId(spec, record), userId, action);
    if (decision.kind === "refused") return decision;
    if (decision.kind === "unchanged") return { kind: "unchanged", requestId: null, paused: state.paused, call: this.#refresh(spec).view };
    const requestId = crypto.randomUUID();
    this.#addLocalEvent(spec, recordingControlRequested(Date.now(), action, { requestId, reason, byUserId: userId.toLowerCase() }));
    const view = this.#refresh(spec).view;
    this.#kick();
    return { kind: "changed", requestId, paused: action === "pause", call: view };
  }

  /**
   * An operator takes the call over from the AI, or hands it back (features/ai-agent).
   * Refused unless the AI is in a phase where that means something; decided and recorded
   * with no await in between.
   */
  async aiOperator(request: AiOperatorRequest): Promise<AiOperatorAnswer> {
    const spec = this.#store.spec();
    if (!spec) return { kind: "no_call" };
    const decision = decideAiOperator(spec, this.#fold.situation(spec, Date.now()), request);
    if (decision.kind !== "accepted") return decision;
    this.#addLocalEvent(spec, decision.event);
    const view = this.#refresh(spec).view;
    this.#kick();
    return { kind: "accepted", call: view };
  }

  /**
   * Voice-to-voice: the agent's line, to be said to the customer in their language
   * (features/intelligence/voice-lines.ts). Refused unless the call is live with it turned
   * on, a model and the customer's language; decided and recorded with no await between.
   */
  async requestVoiceLine(request: { requestId: string; text: string; byUserId: string }): Promise<Exclude<VoiceLineDecision, { kind: "accepted" }> | { kind: "no_call" } | { kind: "accepted"; language: string }> {
    const spec = this.#store.spec();
    if (!spec) return { kind: "no_call" };
    const decision = decideVoiceLine(this.#fold.record(spec), request, Date.now());
    if (decision.kind !== "accepted") return decision;
    this.#addLocalEvent(spec, decision.event);
    this.#refresh(spec);
    this.#kick();
    return { kind: "accepted", language: decision.language };
  }

  /** A streamed model reply's output (ports/ai-replies.ts): into the inbox, then a pass. */
  #receiveAiOutput(event: CarrierEvent): void {
    const spec = this.#store.spec();
    if (!spec) return;
    this.#addLocalEvent(spec, event);
    this.#refresh(spec);
    this.#kick();
  }

  /**
   * The agent pool chose an agent for this waiting caller (queue-desk.ts): their ask for
   * their turn runs now rather than at its next time (features/queue: queuePollDelayMs).
   */
  async queueTurnDue(): Promise<void> {
    const spec = this.#store.spec();
    if (!spec) return;
    const now = Date.now();
    for (const name of queueTurnTaskNames(this.#fold.situation(spec, now))) this.#store.tasks.dueNow(name, now);
    this.#kick();
  }

  async snapshot(): Promise<{ call: CallView; transcript: TranscriptSegmentView[] } | null> {
    const spec = this.#store.spec();
    if (!spec) return null;
    return callSnapshot(spec, this.#fold.record(spec));
  }

  override async onAlarm(): Promise<void> {
    this.#alarm.fired();
    // Waits its turn like any other pass. Throws when the record could not be written, so
    // the runtime retries the alarm as well as the retry the pass scheduled itself.
    const { recordWritten } = await this.#passes.request({ retryNow: true });
    if (!recordWritten) throw new Error("call record not written to Postgres yet; retrying");
  }

  // ---- The room ------------------------------------------------------------------

  override onConnect(connection: Connection<RoomIdentity>, ctx: ConnectionContext): void {
    const spec = this.#store.spec();
    const admission = admitToCallRoom(readRoomIdentity(ctx.request), spec && { spec, record: this.#fold.record(spec) });
    if (admission.kind === "admit") {
      connection.setState(admission.identity);
      this.#send(connection, { type: "call", ...callSnapshot(admission.call.spec, admission.call.record, this.#fold.supervision(), audienceOf(admission.identity), this.#fold.featureViews(admission.call.spec)) });
      return;
    }
    if (admission.kind === "forbidden") this.#send(connection, { type: "error", code: "forbidden", message: admission.message });
    connection.close(admission.code, admission.reason);
  }

  override onMessage(connection: Connection): void {
    this.#send(connection, { type: "error", code: "read_only", message: "Change a call through the API (hang up, notes, disposition)" });
  }

  // ---- The pass (call-passes.ts) ---------------------------------------------------

  /**
   * After the answer has gone: a timer, not a microtask (a microtask runs before the
   * runtime sees the answer). The room hears the call as it now stands and a pass is
   * asked for, once for every event stored until then. The events are stored, so an
   * eviction before it runs loses nothing: the next event, RPC or alarm folds them (as
   * an eviction during a pass always could).
   */
  #absorbSoon(): void {
    if (this.#absorbScheduled) return;
    this.#absorbScheduled = true;
    this.ctx.waitUntil(
      new Promise<void>((resolve) => {
        setTimeout(() => {
          this.#absorbScheduled = false;
          try {
            const spec = this.#store.spec();
            if (spec) {
              this.#refresh(spec);
              this.#kick();
            }
          } catch (error) {
            logEvent({ event: "call_pass_failed", error: `absorbing stored events: ${String(error)}` });
          }
          resolve();
        }, 0);
      }),
    );
  }

  /** Asks for a pass after a change; the caller does not wait (the alarm retries what fails). */
  #kick(): void {
    this.#passes.kick();
  }

  // ---- Deriving, recording, broadcasting (synchronous: no await) ----------------

  /** Re-derives the record; on a change, queues the call row and tells the room (call-room.ts). */
  #refresh(spec: CallSpec): { record: CallRecord; view: CallView } {
    return this.#room.refresh(spec);
  }

  /** A new event's rows for the record; a transcript line also goes to the room at once. */
  #recordEvent(spec: CallSpec, event: CarrierEvent): void {
    this.#room.recordEvent(spec, event);
  }

  /** An event we raise ourselves: received when it occurred. */
  #addLocalEvent(spec: CallSpec, event: CarrierEvent): void {
    if (this.#store.addEvent(event, event.occurredAtMs)) this.#recordEvent(spec, event);
  }

  #callPorts(spec: CallSpec): CallPorts {
    this.#ports ??= realCallPorts(this.env, spec.organizationId, {
      raise: (event) => this.#receiveAiOutput(event),
      keepAlive: (work) => this.ctx.waitUntil(work),
      now: () => Date.now(),
    });
    return this.#ports;
  }

  #send(connection: Connection, message: CallServerMessage): void {
    connection.send(JSON.stringify(message satisfies CallServerMessage));
  }
}

/** Each socket with the view it is sent. */
function* audiences(connections: Iterable<Connection<RoomIdentity>>): Iterable<{ audience: ViewAudience; send(message: string): void }> {
  for (const connection of connections) yield { audience: audienceOf(connection.state), send: (message) => connection.send(message) };
}

/** Agents see the agent's view; everyone else in the room (supervisors and up) the whole call. */
function audienceOf(identity: RoomIdentity | null | undefined): ViewAudience {
  return identity?.role === "agent" ? "agent" : "supervisor";
}

