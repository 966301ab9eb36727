// CallConnection: the console's live, read-only link to one CallActor room (`<orgId>:<callId>`).
// Owns the partysocket, validates every frame with the protocol's schema and exposes the call,
// its transcript and the link state as reactive state. Changes to a call go through the API.
import type PartySocket from "partysocket";
import { untrack } from "svelte";
import { callServerMessage, isTerminalStatus, type CallView } from "$protocol/call/protocol";
import type { TranscriptLine } from "./api-contract";
import { readFrame } from "./socket-frame";
import { leaveIfSessionEnded, openRoomSocket } from "./party-socket";
import { mergeTranscript } from "./transcript";

export type CallLinkState = "connecting" | "open" | "reconnecting" | "closed";

/** Close codes the CallActor uses when it refuses a console (no such call, another agent's call). */
const REFUSED_CLOSE_CODES = [4403, 4404] as const;
/** Error codes after which the room closes the socket for good. */
const REFUSAL_ERROR_CODES = new Set(["forbidden", "not_found"]);

export class CallConnection {
  readonly callId: string;
  link = $state<CallLinkState>("connecting");
  /** The call as of the last snapshot (or the API's answer until the first snapshot arrives). */
  call = $state<CallView | null>(null);
  /** Final transcript segments, de-duplicated by id, in spoken order. */
  transcript = $state<TranscriptLine[]>([]);
  /** Why the room turned this console away; the socket is closed and not retried. */
  refusal = $state<{ code: string; message: string } | null>(null);
  lastError = $state<{ code: string; message: string } | null>(null);

  ended = $derived(this.call !== null && isTerminalStatus(this.call.status));

  readonly #organizationId: string;
  #socket: PartySocket | null = null;

  constructor(organizationId: string, callId: string, initial?: { call?: CallView; transcript?: readonly TranscriptLine[] }) {
    this.#organizationId = organizationId;
    this.callId = callId;
    this.call = initial?.call ?? null;
    this.transcript = mergeTranscript([], initial?.transcript ?? []);
  }

  /** Opens the socket; returns a function that closes it (fits `$effect(() => call.connect())`). */
  connect(): () => void {
    this.close();
    // Read untracked: an effect that calls connect() must not re-run when the refusal arrives.
    if (untrack(() => this.refusal)) return () => {};
    this.link = "connecting";
    const socket = openRoomSocket({
      party: "call-actor",
      room: `${this.#organizationId}:${this.callId}`,
      finalCloseCodes: REFUSED_CLOSE_CODES,
    });
    socket.addEventListener("open", () => {
      this.link = "open";
      this.lastError = null;
    });
    socket.addEventListener("close", (event) => {
      if (this.#socket !== socket) return;
      if ((REFUSED_CLOSE_CODES as readonly number[]).includes(event.code)) {
        this.refusal ??= { code: event.code === 4403 ? "forbidden" : "not_found", message: refusalText(event.code) };
        this.close();
        return;
      }
      this.link = "reconnecting";
      void leaveIfSessionEnded(() => this.close());
    });
    socket.addEventListener("message", (event: MessageEvent) => this.#receive(event.data));
    this.#socket = socket;
    return () => this.close();
  }

  close(): void {
    const socket = this.#socket;
    this.#socket = null;
    socket?.close();
    this.link = "closed";
  }

  #receive(data: unknown): void {
    const message = readFrame(callServerMessage, data);
    if (!message) {
      console.warn("CallConnection: ignored a frame that is not a CallServerMessage");
      return;
    }
    switch (message.type) {
      case "call":
        this.call = message.call;
        this.transcript = mergeTranscript(this.transcript, message.transcript);
        return;
      case "transcript":
        if (!this.transcript.some((line) => line.id === message.segment.id)) {
          this.transcript = mergeTranscript(this.transcript, [message.segment]);
        }
        return;
      case "error":
        if (REFUSAL_ERROR_CODES.has(message.code)) {
          this.refusal = { code: message.code, message: message.message };
          this.close();
        } else {
          this.lastError = { code: message.code, message: message.message };
        }
        return;
      default:
        assertNever(message);
    }
  }
}

function refusalText(closeCode: number): string {
  return closeCode === 4403 ? "This call belongs to another agent." : "This call was not found.";
}

function assertNever(value: never): never {
  throw new Error(`Unhandled call message: ${JSON.stringify(value)}`);
}
