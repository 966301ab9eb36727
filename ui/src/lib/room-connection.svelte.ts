// RoomConnection: what every live link from the console to an actor room shares. Owns the
// partysocket, tracks the link state, reads every frame with the protocol's schema (a frame that
// is not a message is dropped with a warning), stops for good when the room refuses this console,
// and asks whether the session still stands when the socket drops. A subclass names its room and
// schema and says what each message means for its own state.
import type PartySocket from "partysocket";
import { untrack } from "svelte";
import type { z } from "zod";
import { leaveIfSessionEnded, openRoomSocket } from "./party-socket";
import { readFrame } from "./socket-frame";

/** "reconnecting" after a drop while partysocket retries with backoff; "closed" once closed here. */
export type RoomLinkState = "connecting" | "open" | "reconnecting" | "closed";

export interface RoomProblem {
  code: string;
  message: string;
}

/** The refusals a room may answer with: as an error frame's code or as its close code. */
export type RefusalCode = "forbidden" | "not_found";
const REFUSAL_CLOSE_CODES: Record<number, RefusalCode> = { 4403: "forbidden", 4404: "not_found" };
const FINAL_CLOSE_CODES = Object.keys(REFUSAL_CLOSE_CODES).map(Number);

export interface RoomSpec<M> {
  /** The class's name, for the warning about a frame it cannot read. */
  name: string;
  /** The protocol's name for a server message, likewise. */
  messageName: string;
  party: string;
  room: string;
  schema: z.ZodType<M>;
  /**
   * What to tell the user when the room turns this console away. A room without it never
   * refuses: its error frames all land in `lastError` and every close is retried.
   */
  refusals?: Record<RefusalCode, string>;
}

export abstract class RoomConnection<M extends { type: string }> {
  link = $state<RoomLinkState>("connecting");
  /** Why the room turned this console away; the socket is closed and not retried. */
  refusal = $state<RoomProblem | null>(null);
  lastError = $state<RoomProblem | null>(null);

  readonly #spec: RoomSpec<M>;
  #socket: PartySocket | null = null;

  protected constructor(spec: RoomSpec<M>) {
    this.#spec = spec;
  }

  /** Opens the socket; returns a function that closes it (fits `$effect(() => room.connect())`). */
  connect(): () => void {
    this.close();
    // Read untracked: an effect that calls connect() must not re-run when the refusal arrives.
    if (untrack(() => this.refusal)) return () => {};
    this.link = "connecting";
    const { party, room, refusals } = this.#spec;
    const socket = openRoomSocket({ party, room, finalCloseCodes: refusals ? FINAL_CLOSE_CODES : [] });
    socket.addEventListener("open", () => {
      this.link = "open";
      this.lastError = null;
    });
    socket.addEventListener("close", (event) => {
      if (this.#socket !== socket) return;
      const refused = refusals ? REFUSAL_CLOSE_CODES[event.code] : undefined;
      if (refusals && refused) {
        this.refusal ??= { code: refused, message: refusals[refused] };
        this.close();
        return;
      }
      this.link = "reconnecting";
      void leaveIfSessionEnded(() => this.close());
    });
    socket.addEventListener("message", (event: MessageEvent) => this.#read(event.data));
    this.#socket = socket;
    return () => this.close();
  }

  close(): void {
    const socket = this.#socket;
    this.#socket = null;
    socket?.close();
    this.link = "closed";
  }

  /** Sends one client message; false when the socket is not open. */
  protected send(message: unknown): boolean {
    if (!this.#socket || this.link !== "open") return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  /** What one well-formed server message means for this connection's state. */
  protected abstract receive(message: M): void;

  /** An error frame: a refusal closes the socket for good, anything else is the last error. */
  protected receiveError({ code, message }: RoomProblem): void {
    if (this.#spec.refusals && (code === "forbidden" || code === "not_found")) {
      this.refusal = { code, message };
      this.close();
    } else {
      this.lastError = { code, message };
    }
  }

  /** For the `default` of an exhaustive switch over the messages. */
  protected unhandled(message: never): never {
    throw new Error(`Unhandled ${this.#spec.messageName}: ${JSON.stringify(message)}`);
  }

  #read(data: unknown): void {
    const message = readFrame(this.#spec.schema, data);
    if (!message) {
      console.warn(`${this.#spec.name}: ignored a frame that is not a ${this.#spec.messageName}`);
      return;
    }
    this.receive(message);
  }
}
