// CampaignRoom: the supervisor console's live, read-only link to one CampaignActor room
// (`<orgId>:<campaignId>`). Owns the partysocket, validates every frame with the protocol's
// schema, and exposes the latest snapshot, the link state and the server's clock offset.
// Pause, resume and stop go through the audited REST API, never through this socket.
import type PartySocket from "partysocket";
import { untrack } from "svelte";
import { campaignRoomName, campaignServerMessage, type CampaignSnapshot } from "$protocol/campaign/protocol";
import { leaveIfSessionEnded, openRoomSocket } from "./party-socket";
import { readFrame } from "./socket-frame";

export type CampaignLinkState = "connecting" | "open" | "reconnecting" | "closed";

/** Error codes after which the room closes the socket for good (no such campaign, not yours). */
const REFUSAL_ERROR_CODES = new Set(["forbidden", "not_found"]);
/** Close codes the room may use for the same refusals. */
const REFUSED_CLOSE_CODES = [4403, 4404] as const;

export class CampaignRoom {
  readonly campaignId: string;
  link = $state<CampaignLinkState>("connecting");
  /** The campaign as of the last snapshot; replaced whole on every change (never mutated). */
  snapshot = $state.raw<CampaignSnapshot | null>(null);
  /**
   * serverNow − Date.now() when the last snapshot arrived: add it to this browser's clock to
   * read the server's, so "time in state" is right despite skew.
   */
  clockOffsetMs = $state(0);
  /** Why the room turned this console away; the socket is closed and not retried. */
  refusal = $state<{ code: string; message: string } | null>(null);
  lastError = $state<{ code: string; message: string } | null>(null);

  readonly #organizationId: string;
  #socket: PartySocket | null = null;

  constructor(organizationId: string, campaignId: string) {
    this.#organizationId = organizationId;
    this.campaignId = campaignId;
  }

  /** This browser's clock on the server's time line. */
  serverTime(localNowMs: number): number {
    return localNowMs + this.clockOffsetMs;
  }

  /** Opens the socket; returns a function that closes it (fits `$effect(() => room.connect())`). */
  connect(): () => void {
    this.close();
    if (untrack(() => this.refusal)) return () => {};
    this.link = "connecting";
    const socket = openRoomSocket({
      party: "campaign-actor",
      room: campaignRoomName(this.#organizationId, this.campaignId),
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
    const message = readFrame(campaignServerMessage, data);
    if (!message) {
      console.warn("CampaignRoom: ignored a frame that is not a CampaignServerMessage");
      return;
    }
    switch (message.type) {
      case "snapshot":
        this.clockOffsetMs = message.snapshot.serverNow - Date.now();
        this.snapshot = message.snapshot;
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
  return closeCode === 4403 ? "You cannot watch this campaign." : "This campaign was not found.";
}

function assertNever(value: never): never {
  throw new Error(`Unhandled campaign message: ${JSON.stringify(value)}`);
}
