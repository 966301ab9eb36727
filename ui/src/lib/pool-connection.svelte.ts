// PoolConnection: the console's live link to its organisation's AgentPoolActor. Owns the
// partysocket, turns server frames into reactive state (members, you, connection, last error)
// and offers setPresence. Components read this state; they never touch the wire.
import type PartySocket from "partysocket";
import {
  agentPoolRoomName,
  poolServerMessage,
  type AgentPresenceStatus,
  type ChosenPresence,
  type PoolClientMessage,
  type PoolMember,
} from "$protocol/agent-pool/protocol";
import { leaveIfSessionEnded, openRoomSocket } from "./party-socket";
import { readFrame } from "./socket-frame";

export type PoolLinkState = "connecting" | "open" | "reconnecting" | "closed";

export class PoolConnection {
  /** Socket state; "reconnecting" after a drop while partysocket retries with backoff. */
  link = $state<PoolLinkState>("connecting");
  /** Everyone in the pool, as of the last snapshot. */
  members = $state<PoolMember[]>([]);
  /** Who the server says this socket is (from the session, never from us). */
  you = $state<{ userId: string; role: string } | null>(null);
  /** Whether at least one snapshot has arrived, so "offline" is known rather than assumed. */
  synced = $state(false);
  /** The presence this console asked for and the server has not confirmed yet. */
  requested = $state<ChosenPresence | null>(null);
  lastError = $state<{ code: string; message: string } | null>(null);

  /** This user's own row, if the pool lists them. */
  me = $derived(this.members.find((m) => m.userId === this.you?.userId) ?? null);
  /** This user's status: not listed in a received snapshot means offline. */
  myStatus = $derived<AgentPresenceStatus | null>(this.synced ? (this.me?.status ?? "offline") : null);

  readonly #organizationId: string;
  #socket: PartySocket | null = null;

  constructor(organizationId: string) {
    this.#organizationId = organizationId;
  }

  /** Opens the socket; returns a function that closes it (fits `$effect(() => pool.connect())`). */
  connect(): () => void {
    this.close();
    this.link = "connecting";
    const socket = openRoomSocket({ party: "agent-pool-actor", room: agentPoolRoomName(this.#organizationId) });
    socket.addEventListener("open", () => {
      this.link = "open";
      this.lastError = null;
    });
    socket.addEventListener("close", () => {
      if (this.#socket !== socket) return;
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

  /** Asks the pool to change this user's presence; false when the socket is not open. */
  setPresence(status: ChosenPresence): boolean {
    if (!this.#socket || this.link !== "open") return false;
    this.#socket.send(JSON.stringify({ type: "set_presence", status } satisfies PoolClientMessage));
    this.requested = status;
    return true;
  }

  #receive(data: unknown): void {
    const message = readFrame(poolServerMessage, data);
    if (!message) {
      console.warn("PoolConnection: ignored a frame that is not a PoolServerMessage");
      return;
    }
    switch (message.type) {
      case "snapshot": {
        // Shift server times onto this browser's clock so "time in status" is right despite skew.
        const skewMs = message.serverNow - Date.now();
        this.members = message.members.map((m) => ({
          ...m,
          statusSince: m.statusSince - skewMs,
          wrapUpEndsAt: m.wrapUpEndsAt === null ? null : m.wrapUpEndsAt - skewMs,
        }));
        this.you = message.you;
        this.synced = true;
        this.requested = null;
        return;
      }
      case "error":
        this.lastError = { code: message.code, message: message.message };
        this.requested = null;
        return;
      default:
        assertNever(message);
    }
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled pool message: ${JSON.stringify(value)}`);
}
