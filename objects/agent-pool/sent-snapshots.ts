// What each console of the pool was last sent, so that a change is sent only to the
// consoles it changes. Every change builds each console's snapshot (board.ts), but an
// agent's console shows only its own row, offer, ring and AI calls: one agent's change
// left the other 199 consoles' snapshots as they were, yet each was sent again, 200 sends
// a change at 200 agents, several changes a second per call, on the pool's one thread
// (docs/scale.md, 2026-12-07 (200 agents)). The clock (`serverNow`) alone is no change: a
// console keeps the offset it learned from its last snapshot. Kept in memory: after an
// eviction or a hibernation's wake every console is sent its snapshot again.
import type { PoolServerMessage } from "./protocol";

type Snapshot = Extract<PoolServerMessage, { type: "snapshot" }>;

export class SentSnapshots {
  readonly #lastByConnection = new Map<string, string>();

  /** The message for `connectionId`, or null when it would tell that console nothing new. */
  message(connectionId: string, snapshot: Snapshot): string | null {
    // Serialised once: the clock is added to the compared text (it ends with the object's
    // closing brace), not the whole snapshot serialised again for the send.
    const { serverNow, ...content } = snapshot;
    const compared = JSON.stringify(content);
    if (this.#lastByConnection.get(connectionId) === compared) return null;
    this.#lastByConnection.set(connectionId, compared);
    return `${compared.slice(0, -1)},"serverNow":${JSON.stringify(serverNow)}}`;
  }

  /** A console (re)connecting under `connectionId` is sent its snapshot whatever it was sent before (partysocket keeps its id across reconnects). */
  forget(connectionId: string): void {
    this.#lastByConnection.delete(connectionId);
  }

  /** Forgets the consoles no longer open (a console that comes back under a new id is sent everything). */
  keepOnly(openConnectionIds: ReadonlySet<string>): void {
    for (const id of this.#lastByConnection.keys()) if (!openConnectionIds.has(id)) this.#lastByConnection.delete(id);
  }
}
