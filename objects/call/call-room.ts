// What a call actor tells its room and queues for Postgres when the call changes, apart
// from workerd so bench:intel --stages can time it in Node: for a transcript line, the
// enriched line to the room at once (before the event is written), a new event's rows;
// then (refresh) the record
// derived again, the call row queued and the changed view sent. Synchronous: no await.
// The host (CallActor) owns the sockets; this owns what was last sent on them.
import type { CallFold } from "./call-fold";
import type { CallSpec } from "./call-spec";
import type { CallStorage } from "./call-storage";
import { callRow, newEventRows, segmentRow, segmentRowKey, toCallView, toSegmentView, transcriptSegmentOf, type ViewAudience } from "./call-view";
import type { CarrierEvent } from "./carrier-event";
import type { CallRecord, TranscriptSegment } from "./machine";
import type { CallServerMessage, CallView } from "./protocol";

/** The room's sockets as the refresh needs them: who is in it, and everyone at once. */
export interface RoomSockets {
  broadcast(message: string): void;
  connections(): Iterable<{ audience: ViewAudience; send(message: string): void }>;
}

/** The steps of one change, in the order they run: bench:intel --stages times each. */
export type RoomStage = "line_sent" | "store" | "rows" | "fold" | "view" | "persist" | "view_sent";

/** Told as each step ends (bench:intel --stages); absent in the actor. */
export type StageMarks = (stage: RoomStage) => void;

export class CallRoom {
  /**
   * What the room was last told, and from which inbox: the view is a pure function of the
   * spec and the events, so a refresh with neither changed (a pass's later rounds, a task
   * that settled with rows only) returns it without building, serialising and comparing
   * the whole view again. Each transcript line used to pay for 3–5 such builds in the same
   * turn as its own broadcast, and on workerd every call actor shares the one thread.
   */
  #refreshed: { spec: CallSpec; events: readonly CarrierEvent[]; result: { record: CallRecord; view: CallView } } | null = null;

  /**
   * The transcript lines the room was sent in a `call` message by this instance: each
   * change sends only the lines not among them (every line also went out at once as a
   * `transcript` message, and a console joining gets the whole transcript in its snapshot).
   * Sending the whole transcript on every change made each line cost O(lines) to build,
   * serialise and send to every socket. Null after a start or an eviction: the next
   * change sends the whole transcript once, so a console never misses a line.
   */
  #linesSent: Set<string> | null = null;

  /** The spans a person held this AI call, as last marked on its lines (JSON; null: not looked yet). */
  #personHeldSeen: string | null = null;

  constructor(
    private readonly store: CallStorage,
    private readonly fold: CallFold,
    private readonly sockets: RoomSockets,
    private readonly marks: StageMarks = () => undefined,
  ) {}

  /**
   * A carrier event arriving (the webhook's turn): a new transcript line goes to the room
   * first, then the event is stored and its rows queued; true when it was new. The line
   * is sent before the turn writes anything because workerd holds a socket message sent
   * after a storage write until that write is committed (the output gate), and the
   * enriched line need not wait for its own commit. It is only shown: an event that then
   * fails to be stored is not acknowledged, and the carrier sends it again (the console
   * keeps one line per id). A duplicate is neither sent nor stored again.
   */
  receive(spec: CallSpec, event: CarrierEvent, nowMs: number, stored: { schemaParsed: boolean } = { schemaParsed: false }): boolean {
    if (!this.store.hasEvent(event.id)) this.sendLine(spec, event);
    const isNew = this.store.addEvent(event, nowMs, stored);
    this.marks("store");
    if (isNew) this.queueRows(spec, event);
    return isNew;
  }

  /** An event we raise ourselves, stored already: its rows; a transcript line also goes to the room at once. */
  recordEvent(spec: CallSpec, event: CarrierEvent): void {
    this.sendLine(spec, event);
    this.queueRows(spec, event);
  }

  /** A transcript line, with its language, to the room at once (nothing for other events). */
  sendLine(spec: CallSpec, event: CarrierEvent): void {
    const segment = transcriptSegmentOf(event);
    if (segment) this.sockets.broadcast(JSON.stringify({ type: "transcript", segment: toSegmentView(segment, this.#personHeldFor(spec, segment)) } satisfies CallServerMessage));
    this.marks("line_sent");
  }

  /** A new event's rows for the record, into the outbox. */
  queueRows(spec: CallSpec, event: CarrierEvent): void {
    const segment = transcriptSegmentOf(event);
    for (const { key, row } of newEventRows(spec, event, segment ? this.#personHeldFor(spec, segment) : null)) this.store.outbox.enqueue(key, row);
    this.marks("rows");
  }

  /**
   * Only our side's lines on an AI call depend on who held the call. The last refresh's spans
   * are enough (no fold on the carrier's ack path): a bridge or hang-up not yet folded changes
   * the spans, and the refresh that folds it marks our lines again (#linesRemarked).
   */
  #personHeldFor(spec: CallSpec, segment: TranscriptSegment): CallRecord["personHeld"] {
    return segment.track === "outbound" && spec.ai ? (this.#refreshed?.result.record ?? this.fold.record(spec)).personHeld : null;
  }

  /** Re-derives the record; on a change, queues the call row and tells the room. */
  refresh(spec: CallSpec): { record: CallRecord; view: CallView } {
    const events = this.store.events();
    if (this.#refreshed?.events === events && this.#refreshed.spec === spec) return this.#refreshed.result;
    const record = this.fold.record(spec);
    const supervision = this.fold.supervision();
    const features = this.fold.featureViews(spec);
    this.marks("fold");
    const view = toCallView(spec, record, supervision, "supervisor", features);
    const viewJson = JSON.stringify(view);
    this.marks("view");
    const version = this.store.nextVersionIfChanged(viewJson);
    if (version !== null) {
      this.store.outbox.enqueue("call", callRow(spec, record, version));
      this.marks("persist");
      const lines = new Map([...this.#linesNotSent(record), ...this.#linesRemarked(spec, record)].map((segment) => [segment.id, segment]));
      const transcript = [...lines.values()].map((segment) => toSegmentView(segment, record.personHeld));
      // Agents get their own view (the organisation may keep supervisors from them), built
      // only when an agent is in the room; each message is serialised once for everyone.
      const messages = new Map<ViewAudience, string>();
      const messageFor = (audience: ViewAudience) => {
        let message = messages.get(audience);
        if (message === undefined) {
          const call = audience === "agent" ? toCallView(spec, record, supervision, "agent", features) : view;
          message = JSON.stringify({ type: "call", call, transcript } satisfies CallServerMessage);
          messages.set(audience, message);
        }
        return message;
      };
      for (const connection of this.sockets.connections()) connection.send(messageFor(connection.audience));
      this.marks("view_sent");
    }
    this.#refreshed = { spec, events, result: { record, view } };
    return { record, view };
  }

  /**
   * An AI call's our-side lines, when the spans a person held it changed since this instance
   * last looked (a bridge or an agent leg's end, maybe arriving after lines it decides):
   * their rows are written again (the writer updates the speaker) and the room gets them
   * again (a later copy wins). A fresh instance looks once: a change it missed is covered.
   */
  #linesRemarked(spec: CallSpec, record: CallRecord): CallRecord["transcript"] {
    if (!record.personHeld) return [];
    const spans = JSON.stringify(record.personHeld);
    if (spans === this.#personHeldSeen) return [];
    this.#personHeldSeen = spans;
    const ours = record.transcript.filter((segment) => segment.track === "outbound");
    for (const segment of ours) this.store.outbox.enqueue(segmentRowKey(segment), segmentRow(spec, segment, record.personHeld));
    return ours;
  }

  /** The transcript lines no `call` message of this instance carried yet, now counted as sent. */
  #linesNotSent(record: CallRecord): CallRecord["transcript"] {
    const sent = this.#linesSent;
    const fresh = sent ? record.transcript.filter((segment) => !sent.has(segment.id)) : record.transcript;
    this.#linesSent ??= new Set();
    for (const segment of fresh) this.#linesSent.add(segment.id);
    return fresh;
  }
}
