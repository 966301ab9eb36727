// One agent's change reaches that agent's consoles and those watching the board, not every
// other agent's console: at 200 agents each change was 200 sends on the pool's one thread.
import { describe, expect, it } from "vitest";
import { boardMembers, snapshotFor } from "../../../../objects/agent-pool/board";
import type { StoredMember } from "../../../../objects/agent-pool/pool-storage";
import { poolServerMessage } from "../../../../objects/agent-pool/protocol";
import { SentSnapshots } from "../../../../objects/agent-pool/sent-snapshots";

const agent = (userId: string, status: StoredMember["presence"]["status"], since = 1_000): StoredMember => ({
  userId,
  name: userId,
  role: userId === "sue" ? "supervisor" : "agent",
  presence: { status, statusSince: since, callId: null, wrapUpEndsAt: null, offer: null, wrapUp: null },
});

const consoles = [
  { id: "c-ann", userId: "ann", role: "agent" },
  { id: "c-bob", userId: "bob", role: "agent" },
  { id: "c-cat", userId: "cat", role: "agent" },
  { id: "c-sue", userId: "sue", role: "supervisor" },
];

/** The consoles a broadcast of `members` at `serverNow` sends to. */
function sentTo(sent: SentSnapshots, members: StoredMember[], serverNow: number): string[] {
  const board = boardMembers(members, consoles.map((c) => c.userId));
  return consoles.flatMap((c) => (sent.message(c.id, snapshotFor({ userId: c.userId, role: c.role }, board, new Map(), serverNow)) === null ? [] : [c.id]));
}

describe("the pool's sends to its consoles", () => {
  const before = [agent("ann", "available"), agent("bob", "available"), agent("cat", "available"), agent("sue", "available")];
  const annOnCall = [agent("ann", "on_call", 2_000), ...before.slice(1)];

  it("sends every console its snapshot first, then one agent's change only to that agent and the supervisor", () => {
    const sent = new SentSnapshots();
    expect(sentTo(sent, before, 1_500)).toEqual(["c-ann", "c-bob", "c-cat", "c-sue"]);
    expect(sentTo(sent, annOnCall, 2_000)).toEqual(["c-ann", "c-sue"]);
  });

  it("sends nothing when only the clock moved", () => {
    const sent = new SentSnapshots();
    sentTo(sent, before, 1_500);
    expect(sentTo(sent, before, 9_000)).toEqual([]);
  });

  it("sends a console everything again once it reconnects under the same id, or is forgotten as closed", () => {
    const sent = new SentSnapshots();
    sentTo(sent, before, 1_500);
    sent.forget("c-bob");
    sent.keepOnly(new Set(["c-ann", "c-bob", "c-sue"]));
    expect(sentTo(sent, before, 2_000)).toEqual(["c-bob", "c-cat"]);
  });

  it("sends the message a console reads: the snapshot with the clock", () => {
    const sent = new SentSnapshots();
    const board = boardMembers(before, []);
    const snapshot = snapshotFor({ userId: "ann", role: "agent" }, board, new Map(), 4_321);
    const message = sent.message("c-ann", snapshot);
    expect(JSON.parse(message!)).toMatchObject({ type: "snapshot", serverNow: 4_321, members: [{ userId: "ann", status: "available" }] });
    // Exactly the snapshot, as the console's protocol reads it.
    expect(poolServerMessage.parse(JSON.parse(message!))).toEqual(snapshot);
  });
});
