// The team board: every member's status and open consoles for those who watch it, an
// agent's own row for an agent; a preview lead's details only in its own agent's
// snapshot, the board showing just campaign and account.
import { describe, expect, it } from "vitest";
import { boardMembers, offersByUser, snapshotFor } from "../../../../objects/agent-pool/board";
import type { StoredMember } from "../../../../objects/agent-pool/pool-storage";
import { previewOffer } from "./pool-fixtures";

const offer = previewOffer;
const members: StoredMember[] = [
  { userId: "ann", name: "Ann", role: "agent", presence: { status: "previewing", statusSince: 5_000, callId: null, wrapUpEndsAt: null, offer, wrapUp: null } },
  { userId: "bob", name: "Bob", role: "supervisor", presence: { status: "wrap_up", statusSince: 1_000, callId: "c1", wrapUpEndsAt: 31_000, offer: null, wrapUp: null } },
];

describe("the team board", () => {
  it("counts each member's open consoles and shows only which lead a previewing agent holds", () => {
    expect(boardMembers(members, ["ann", "bob", "ann"])).toEqual([
      { userId: "ann", name: "Ann", role: "agent", status: "previewing", statusSince: 5_000, connections: 2, callId: null, wrapUpEndsAt: null, dispositionOwed: false, wrapUpExtensionSeconds: 0, preview: { campaignId: "camp-1", accountId: "acct-9" } },
      { userId: "bob", name: "Bob", role: "supervisor", status: "wrap_up", statusSince: 1_000, connections: 1, callId: "c1", wrapUpEndsAt: 31_000, dispositionOwed: false, wrapUpExtensionSeconds: 0, preview: null },
    ]);
  });

  it("sends the lead's details to the agent who holds it, and to nobody else", () => {
    const board = boardMembers(members, ["ann", "bob"]);
    const offers = offersByUser(members);
    expect(snapshotFor({ userId: "ann", role: "agent" }, board, offers, 9_000).yourOffer).toEqual(offer);
    expect(snapshotFor({ userId: "bob", role: "supervisor" }, board, offers, 9_000)).toEqual({
      type: "snapshot",
      you: { userId: "bob", role: "supervisor" },
      members: board,
      yourOffer: null,
      yourRing: null,
      serverNow: 9_000,
      helpRequests: [],
      queues: [],
      aiCalls: [],
    });
  });

  it("sends the whole board to supervisors and viewers, and an agent only their own row and the agents their AI calls name", () => {
    const agents: StoredMember[] = ["ann", "cat", "dan", "eve"].map((userId, i) => ({ userId, name: userId, role: "agent", presence: { status: "available", statusSince: i, callId: null, wrapUpEndsAt: null, offer: null, wrapUp: null } }));
    const board = boardMembers([...members.slice(1), ...agents.slice(1)], []).concat(boardMembers(members.slice(0, 1), []));
    const rowsFor = (userId: string, role: string, aiCalls: Parameters<typeof snapshotFor>[7] = []) => snapshotFor({ userId, role }, board, new Map(), 9_000, [], () => [], new Map(), aiCalls).members.map((m) => m.userId);
    expect(rowsFor("bob", "supervisor")).toEqual(["bob", "cat", "dan", "eve", "ann"]);
    expect(rowsFor("vic", "viewer")).toEqual(["bob", "cat", "dan", "eve", "ann"]);
    expect(rowsFor("ann", "agent")).toEqual(["ann"]);
    const taken = { callId: "ai-1", accountId: "", accountName: "Ada", phone: "+15550109999", phase: "connected" as const, since: 1_000, agentUserId: "dan", sentiment: null, ivr: null, ai: { state: "talking" as const, handBacks: 0, order: 3 } };
    expect(rowsFor("ann", "agent", [{ call: taken, humanUserIds: null, order: 3, lines: 0 }])).toEqual(["dan", "ann"]);
  });

  it("sends a queue caller's ring to the agent it rings, and to nobody else", () => {
    const ring = { queueId: "q1", callId: "call-9", from: "+15550100001", accountId: null, reasons: [{ kind: "returning_call" as const, text: "Returning a call yesterday" }], expiresAt: 24_000, missesInARow: 1, missesBeforeBreak: 3 };
    const rings = new Map([["ann", ring]]);
    const board = boardMembers(members, ["ann", "bob"]);
    expect(snapshotFor({ userId: "ann", role: "agent" }, board, new Map(), 9_000, [], () => [], rings).yourRing).toEqual(ring);
    expect(snapshotFor({ userId: "bob", role: "supervisor" }, board, new Map(), 9_000, [], () => [], rings).yourRing).toBeNull();
  });

  it("lists a live AI call for those who may take it over: any supervisor, its own agents (any agent when it names nobody), never a viewer", () => {
    const row = (callId: string) => ({ callId, accountId: "", accountName: "Ada", phone: "+15550109999", phase: "connected" as const, since: 1_000, agentUserId: null, sentiment: null, ivr: null, ai: { state: "talking" as const, handBacks: 0, order: 3 } });
    const calls = [
      { call: row("queue-call"), humanUserIds: ["ann"], order: 3, lines: 0 },
      { call: row("open-call"), humanUserIds: null, order: 3, lines: 0 },
    ];
    const listedFor = (userId: string, role: string) => snapshotFor({ userId, role }, boardMembers([], []), new Map(), 9_000, [], () => [], new Map(), calls).aiCalls.map((c) => c.callId);
    expect(listedFor("ann", "agent")).toEqual(["queue-call", "open-call"]);
    expect(listedFor("cat", "agent")).toEqual(["open-call"]);
    expect(listedFor("bob", "supervisor")).toEqual(["queue-call", "open-call"]);
    expect(listedFor("vic", "viewer")).toEqual([]);
  });

  it("shows raised hands to supervisors and up, never to agents or viewers", () => {
    const hand = { callId: "call-1", requestId: "r1", userId: "ann", reason: "Customer wants a manager", raisedAt: 8_000 };
    const board = boardMembers([], []);
    const handsFor = (role: string) => snapshotFor({ userId: "x", role }, board, new Map(), 9_000, [hand]).helpRequests;
    expect(handsFor("supervisor")).toEqual([hand]);
    expect(handsFor("owner")).toEqual([hand]);
    expect(handsFor("agent")).toEqual([]);
    expect(handsFor("viewer")).toEqual([]);
  });
});
