// The team board, as pure functions of the stored members and the consoles open: each
// member's status and connection count, and each agent's own preview offer (the lead's
// details go to that agent's consoles only; the board shows just which campaign and
// account they hold). The whole board goes to those who watch it (supervisors and up, and
// viewers, who watch it read-only); an agent's console gets its own row and the rows its
// AI-call list names. Every change builds every console's snapshot, so a board for
// everyone made each change cost agents × agents rows: at 200 agents, 40,000 rows (about
// 12 MB of JSON) per change, several changes a second, all on the pool's one thread.
import type { StoredMember } from "./pool-storage";
import { hasRole, ROLES, type Role } from "../../domain/roles";
import { mayTakeOverAiCall } from "../../domain/ai-agent";
import type { HelpRequestView, LiveAiCall, PoolMember, PoolServerMessage, PreviewOffer, QueueLiveView, QueueRing } from "./protocol";
import { extensionAvailableSeconds, owesDisposition } from "./wrap-up";

type Snapshot = Extract<PoolServerMessage, { type: "snapshot" }>;

/** The board's rows; `openUserIds` has one entry per open console. */
export function boardMembers(members: readonly StoredMember[], openUserIds: readonly string[]): PoolMember[] {
  const connectionsByUser = new Map<string, number>();
  for (const userId of openUserIds) connectionsByUser.set(userId, (connectionsByUser.get(userId) ?? 0) + 1);
  return members.map(({ userId, name, role, presence }) => ({
    userId,
    name,
    role,
    status: presence.status,
    statusSince: presence.statusSince,
    connections: connectionsByUser.get(userId) ?? 0,
    callId: presence.callId,
    wrapUpEndsAt: presence.wrapUpEndsAt,
    dispositionOwed: owesDisposition(presence),
    wrapUpExtensionSeconds: extensionAvailableSeconds(presence),
    preview: offerHeld(presence) ? { campaignId: presence.offer.campaignId, accountId: presence.offer.accountId } : null,
  }));
}

/** Each previewing agent's offer, by user id. */
export function offersByUser(members: readonly StoredMember[]): ReadonlyMap<string, PreviewOffer> {
  return new Map(members.flatMap(({ userId, presence }) => (offerHeld(presence) ? [[userId, presence.offer] as const] : [])));
}

/**
 * The snapshot one console gets: the board (whole for those who watch it, an agent's own
 * rows otherwise), its own agent's offer, the live AI calls its member may take over, and
 * raised hands and the live queues for supervisors and up.
 */
export function snapshotFor(
  you: { userId: string; role: string },
  board: PoolMember[],
  offers: ReadonlyMap<string, PreviewOffer>,
  serverNow: number,
  helpRequests: readonly HelpRequestView[] = [],
  queues: () => readonly QueueLiveView[] = () => [],
  rings: ReadonlyMap<string, QueueRing> = new Map(),
  aiCalls: readonly LiveAiCall[] = [],
): Snapshot {
  const supervises = isRole(you.role) && hasRole(you.role, "supervisor");
  const role = you.role;
  const yourAiCalls = isRole(role) ? aiCalls.filter((live) => mayTakeOverAiCall(role, you.userId, live.humanUserIds)).map((live) => live.call) : [];
  return {
    type: "snapshot",
    you,
    members: supervises || role === "viewer" ? board : rowsNamed(board, you.userId, yourAiCalls),
    yourOffer: offers.get(you.userId) ?? null,
    yourRing: rings.get(you.userId) ?? null,
    serverNow,
    helpRequests: supervises ? [...helpRequests] : [],
    queues: supervises ? [...queues()] : [],
    aiCalls: yourAiCalls,
  };
}

/** An agent's rows: their own, and each agent their AI-call list shows by name; in the board's order. */
function rowsNamed(board: PoolMember[], userId: string, aiCalls: readonly LiveAiCall["call"][]): PoolMember[] {
  const named = new Set([userId, ...aiCalls.flatMap((call) => (call.agentUserId ? [call.agentUserId] : []))]);
  const places = placesOf(board);
  const rows: number[] = [];
  for (const id of named) {
    const place = places.get(id);
    if (place !== undefined) rows.push(place);
  }
  return rows.sort((a, b) => a - b).map((place) => board[place]!);
}

/**
 * Each user's place on a board, worked out once per board: every agent's console picks its
 * rows from the same board, and a scan of it per console was agents × agents (40,000 rows
 * looked at per change at 200 agents).
 */
const placesByBoard = new WeakMap<readonly PoolMember[], ReadonlyMap<string, number>>();
function placesOf(board: readonly PoolMember[]): ReadonlyMap<string, number> {
  let places = placesByBoard.get(board);
  if (!places) {
    places = new Map(board.map((member, place) => [member.userId, place]));
    placesByBoard.set(board, places);
  }
  return places;
}

/** The room's identity carries the role as a string (sessions of any build). */
const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

function offerHeld(presence: StoredMember["presence"]): presence is StoredMember["presence"] & { offer: PreviewOffer } {
  return presence.status === "previewing" && presence.offer !== null;
}
