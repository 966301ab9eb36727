// One agent console watching one call: a WebSocket to the call's room with the session
// cookie, as the browser opens it. Every message is timestamped on arrival and every
// event id it carries (a transcript segment's id, a timeline entry's eventId) goes to
// the ledger, and so do the first call view carrying a segment and each translated line
// delivered; the console reports the call's end when a terminal status arrives.
import WebSocket from "ws";
import { callServerMessage } from "../../objects/call/protocol.ts";
import { isTerminalStatus } from "../../domain/call-status.ts";
import type { CallStatus } from "../../domain/call-status.ts";
import { monotonicMs } from "./monotonic-clock.ts";

/** Kept open a moment after the call ends, so a late duplicate broadcast would still be seen. */
const CLOSE_AFTER_END_MS = 1_000;
const MAX_KEPT_EXAMPLES = 20;

/** What every console saw, shared by all of them. */
export class BroadcastLedger {
  /** Event id → when a socket first received a message containing it. */
  readonly firstSeenMs = new Map<string, number>();
  /** Segment id → when a call view (sentiment, objections, alerts recomputed with it) first carried it (bench:intel). */
  readonly inViewFirstSeenMs = new Map<string, number>();
  /** Segment id → when its translation first reached a console, and the model's own time for it (bench:intel). */
  readonly translationFirstSeen = new Map<string, { atMs: number; modelLatencyMs: number | null }>();
  transcriptDuplicates = 0;
  readonly duplicateExamples: string[] = [];
  invalidMessages = 0;
  readonly errorMessages: string[] = [];

  seen(eventId: string, atMs: number): void {
    if (!this.firstSeenMs.has(eventId)) this.firstSeenMs.set(eventId, atMs);
  }

  inView(segmentId: string, atMs: number): void {
    if (!this.inViewFirstSeenMs.has(segmentId)) this.inViewFirstSeenMs.set(segmentId, atMs);
  }

  translated(segmentId: string, atMs: number, modelLatencyMs: number | null): void {
    if (!this.translationFirstSeen.has(segmentId)) this.translationFirstSeen.set(segmentId, { atMs, modelLatencyMs });
  }

  duplicateTranscript(segmentId: string): void {
    this.transcriptDuplicates++;
    if (this.duplicateExamples.length < MAX_KEPT_EXAMPLES) this.duplicateExamples.push(segmentId);
  }

  error(text: string): void {
    if (this.errorMessages.length < MAX_KEPT_EXAMPLES) this.errorMessages.push(text);
  }
}

export type ConsoleEnd = { kind: "status"; status: CallStatus } | { kind: "socket_lost"; detail: string };

export class CallConsole {
  openedAtMs: number | null = null;
  readonly #socket: WebSocket;
  readonly #transcriptIds = new Set<string>();
  #ended = false;

  constructor(
    roomUrl: string,
    cookie: string,
    private readonly ledger: BroadcastLedger,
    private readonly onEnd: (end: ConsoleEnd) => void,
  ) {
    this.#socket = new WebSocket(roomUrl, { headers: { cookie }, perMessageDeflate: false });
    this.#socket.on("open", () => (this.openedAtMs = monotonicMs()));
    this.#socket.on("message", (data) => this.#receive(String(data), monotonicMs()));
    this.#socket.on("unexpected-response", (_request, response) => this.#end({ kind: "socket_lost", detail: `upgrade answered ${response.statusCode}` }));
    this.#socket.on("error", (error) => this.#end({ kind: "socket_lost", detail: error.message }));
    this.#socket.on("close", (code, reason) => this.#end({ kind: "socket_lost", detail: `closed ${code} ${String(reason)}` }));
  }

  close(): void {
    this.#ended = true;
    if (this.#socket.readyState === WebSocket.CONNECTING) this.#socket.terminate();
    else this.#socket.close();
  }

  #receive(text: string, atMs: number): void {
    let parsed: ReturnType<typeof callServerMessage.safeParse>;
    try {
      parsed = callServerMessage.safeParse(JSON.parse(text));
    } catch {
      this.ledger.invalidMessages++;
      return;
    }
    if (!parsed.success) {
      this.ledger.invalidMessages++;
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case "transcript":
        if (this.#transcriptIds.has(message.segment.id)) this.ledger.duplicateTranscript(message.segment.id);
        this.#transcriptIds.add(message.segment.id);
        this.ledger.seen(message.segment.id, atMs);
        return;
      case "call":
        for (const entry of message.call.timeline) this.ledger.seen(entry.eventId, atMs);
        for (const segment of message.transcript) {
          this.ledger.seen(segment.id, atMs);
          this.ledger.inView(segment.id, atMs);
        }
        for (const line of message.call.intelligence?.translation.lines ?? []) if (line.text !== null) this.ledger.translated(line.segmentId, atMs, line.latencyMs);
        if (isTerminalStatus(message.call.status)) this.#end({ kind: "status", status: message.call.status });
        return;
      case "error":
        this.ledger.error(`${message.code}: ${message.message}`);
        return;
      default:
        assertNever(message);
    }
  }

  #end(end: ConsoleEnd): void {
    if (this.#ended) return;
    this.#ended = true;
    this.onEnd(end);
    if (end.kind === "status") setTimeout(() => this.#socket.close(), CLOSE_AFTER_END_MS).unref();
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled message ${JSON.stringify(value)}`);
}
