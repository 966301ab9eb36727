// The agent pool's members table in its SQLite storage: who is in the organisation's
// pool, where each stands (presence, the call, the wrap-up end, a preview offer), the
// longest-idle reservation and the wrap-up timer. Every method is synchronous, so a
// caller that never awaits between two of them gets an atomic read-modify-write (a
// Durable Object runs one request at a time between awaits): never two calls to one
// agent, never one call to two.
//
// Rows are read through zod: an evicted pool holds rows an older build wrote (or a newer
// one, after a rollback). A row no build can read is reported, then rewritten as offline
// (route nothing to an agent whose state is unknown; their next choice sets it again),
// rather than failing the whole organisation's pool.
import { z } from "zod";
import { parseJson, type SqlDatabase, type SqlValue } from "../shared/durable";
import { runSqliteMigrations } from "../shared/sqlite-migrations";
import { initialPresence, pickLongestIdle, startCall, type PresenceRecord } from "./presence";
import { agentPresenceStatus, previewOffer, type HelpRequestView, type PreviewOffer } from "./protocol";
import { PRESENCE_SPANS_TABLES_SQL, PresenceSpans, type PresenceCause } from "./presence-spans";
import { QUEUE_DESKS_TABLE_SQL } from "./queue-desks";
import { AI_CALLS_TABLE_SQL } from "./ai-calls";
import { callWrapUp, finishWrapUpIfDue, wrapUpTimerMs, type CallWrapUp } from "./wrap-up";

export const POOL_MIGRATIONS = [
  { id: "0001-members", sql: `CREATE TABLE members (
     user_id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     role TEXT NOT NULL,
     status TEXT NOT NULL,
     status_since INTEGER NOT NULL
   )` },
  { id: "0002-member-calls", sql: `ALTER TABLE members ADD COLUMN call_id TEXT;
   ALTER TABLE members ADD COLUMN wrap_up_ends_at INTEGER;` },
  { id: "0003-member-offers", sql: `ALTER TABLE members ADD COLUMN offer TEXT` },
  { id: "0004-member-wrap-up", sql: `ALTER TABLE members ADD COLUMN wrap_up TEXT` },
  // One raised hand per call at most: a new raise on the same call replaces the last.
  { id: "0005-help-requests", sql: `CREATE TABLE help_requests (
     call_id TEXT PRIMARY KEY,
     request_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     reason TEXT NOT NULL,
     raised_at INTEGER NOT NULL
   )` },
  // Inbound queues' callers, routing and recent handle times (queue-desks.ts).
  { id: "0006-queue-desks", sql: QUEUE_DESKS_TABLE_SQL },
  // Agents' presence history on its way to Postgres: the outbox and each agent's open span (presence-spans.ts).
  { id: "0007-presence-spans", sql: PRESENCE_SPANS_TABLES_SQL },
  // Queue rings an agent left unanswered in a row (objects/queue/queue-ring.ts): too many is a break.
  { id: "0008-ring-misses", sql: `CREATE TABLE ring_misses (
     user_id TEXT PRIMARY KEY,
     misses INTEGER NOT NULL
   )` },
  // The organisation's live AI calls, for the agents who may take them over (ai-calls.ts).
  { id: "0009-ai-calls", sql: AI_CALLS_TABLE_SQL },
] as const;

/** A member of the pool as stored: who they are and where they stand. */
export interface StoredMember {
  userId: string;
  name: string;
  role: string;
  presence: PresenceRecord;
}

/** Who a member is in the pool's board (from their session when they connect). */
export interface MemberIdentity {
  userId: string;
  name: string;
  role: string;
}

/** A row that could not be read, for the log. */
export interface UnreadableMember {
  userId: string;
  reason: string;
}

/** Who a member is when a call names them before they ever opened a console. */
export const UNSEEN = { name: "(not connected yet)", role: "agent" } as const;

const memberRow = z.object({
  user_id: z.string(),
  name: z.string(),
  role: z.string(),
  status: agentPresenceStatus,
  status_since: z.number(),
  // Columns added by later migrations: null in rows from before them.
  call_id: z.string().nullable(),
  wrap_up_ends_at: z.number().nullable(),
  /** JSON of the PreviewOffer while previewing. */
  offer: z.string().nullable(),
  /** JSON of the call's CallWrapUp (on_call and wrap_up); null before it existed, or when nothing is known yet. */
  wrap_up: z.string().nullable(),
});
type MemberRow = z.infer<typeof memberRow>;

const helpRow = z.object({ call_id: z.string(), request_id: z.string(), user_id: z.string(), reason: z.string(), raised_at: z.number() });

type ReadResult = { ok: true; member: StoredMember } | { ok: false; reason: string };

export class PoolStorage {
  /** Every change of an agent's state, queued for Postgres in the same step as the change. */
  readonly spans: PresenceSpans;
  /**
   * The members as the table holds them, read (and repaired) once, then written through:
   * only this class writes the table. Every reservation, wrap-up check and board read
   * SELECTed and parsed every member (O(agents) zod parses per reservation: at 200 agents
   * the pool's largest cost in the rehearsal's profile).
   */
  #kept: Map<string, StoredMember> | null = null;

  constructor(
    private readonly sql: SqlDatabase,
    private readonly onUnreadable: (problem: UnreadableMember) => void,
    clock?: () => number,
  ) {
    runSqliteMigrations(sql, POOL_MIGRATIONS);
    this.spans = new PresenceSpans(sql, clock);
  }

  /** Everyone in the pool, by name. */
  members(nowMs: number): StoredMember[] {
    return [...this.#members(nowMs).values()].sort(byNameThenId);
  }

  /** Where this agent stands; offline when the pool has never seen them. */
  presenceOf(userId: string, nowMs: number): PresenceRecord {
    return this.#members(nowMs).get(userId)?.presence ?? initialPresence(nowMs);
  }

  /**
   * Puts the longest-idle available agent (among `eligibleUserIds` when given) on this
   * call and returns who; the same call asking again gets the same agent (`isNew` false),
   * not a second one.
   */
  reserveLongestIdle(callId: string, eligibleUserIds: readonly string[] | undefined, nowMs: number): { userId: string; isNew: boolean } | null {
    const members = this.members(nowMs);
    const eligible = eligibleUserIds ? new Set(eligibleUserIds) : null;
    // Only an eligible agent already on the call answers again: an AI call taken over a
    // second time, by someone else, must get them rather than the first.
    const already = members.find((m) => m.presence.status === "on_call" && m.presence.callId === callId && (!eligible || eligible.has(m.userId)));
    if (already) return { userId: already.userId, isNew: false };
    // A person wrapping up this very call (an AI call they handed back) who asks for it
    // again by name (their own takeover) gets it: their wrap-up is over, they are on it again.
    const again = eligible?.size === 1 ? members.find((m) => m.presence.status === "wrap_up" && m.presence.callId === callId && eligible.has(m.userId)) : undefined;
    if (again) {
      this.save(again.userId, startCall(again.presence, callId, nowMs));
      return { userId: again.userId, isNew: true };
    }
    const candidates = members.filter((m) => !eligible || eligible.has(m.userId));
    const userId = pickLongestIdle(candidates);
    const chosen = candidates.find((m) => m.userId === userId);
    if (!chosen) return null;
    this.save(chosen.userId, startCall(chosen.presence, callId, nowMs));
    return { userId: chosen.userId, isNew: true };
  }

  /** A console connected: its name and role come from the session; presence is kept. */
  saveIdentity(identity: MemberIdentity, nowMs: number): void {
    const members = this.#members(nowMs);
    this.sql.exec(
      `INSERT INTO members (user_id, name, role, status, status_since) VALUES (?, ?, ?, 'offline', ?)
       ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, role = excluded.role`,
      identity.userId,
      identity.name,
      identity.role,
      nowMs,
    );
    const known = members.get(identity.userId);
    members.set(identity.userId, { userId: identity.userId, name: identity.name, role: identity.role, presence: known?.presence ?? initialPresence(nowMs) });
  }

  /** Stores where an agent stands (an agent a call names before they connected gets a placeholder identity); `cause`: why the pool, not the agent, put them there (audited). */
  save(userId: string, record: PresenceRecord, cause?: PresenceCause): void {
    // A first read here repairs unreadable rows as of this change (there is no other clock).
    const members = this.#members(record.statusSince);
    this.sql.exec(
      `INSERT INTO members (user_id, name, role, status, status_since, call_id, wrap_up_ends_at, offer, wrap_up) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, status_since = excluded.status_since,
         call_id = excluded.call_id, wrap_up_ends_at = excluded.wrap_up_ends_at, offer = excluded.offer, wrap_up = excluded.wrap_up`,
      userId,
      UNSEEN.name,
      UNSEEN.role,
      record.status,
      record.statusSince,
      record.callId,
      record.wrapUpEndsAt,
      record.offer ? JSON.stringify(record.offer) : null,
      record.wrapUp ? JSON.stringify(record.wrapUp) : null,
    );
    const known = members.get(userId);
    members.set(userId, { userId, name: known?.name ?? UNSEEN.name, role: known?.role ?? UNSEEN.role, presence: record });
    this.spans.changed(userId, record.status, record.statusSince, cause);
  }

  /** Ends every wrap-up due by now (available again) but those owing a disposition; true when anyone changed. Idempotent. */
  finishDueWrapUps(nowMs: number): boolean {
    let changed = false;
    const due = [...this.#members(nowMs).values()].filter((m) => m.presence.status === "wrap_up" && m.presence.wrapUpEndsAt !== null && m.presence.wrapUpEndsAt <= nowMs);
    for (const member of due) {
      const next = finishWrapUpIfDue(member.presence, nowMs);
      if (next === member.presence) continue;
      this.save(member.userId, next);
      changed = true;
    }
    return changed;
  }

  /**
   * When the soonest wrap-up ends (the pool's one timer), or null when nobody's will: an
   * agent owing a disposition has no timer (only the save ends their wrap-up).
   */
  soonestWrapUpEndMs(nowMs: number): number | null {
    let soonest: number | null = null;
    for (const member of this.#members(nowMs).values()) {
      if (member.presence.status !== "wrap_up") continue;
      const at = wrapUpTimerMs(member.presence);
      if (at !== null && (soonest === null || at < soonest)) soonest = at;
    }
    return soonest;
  }

  /** Unanswered queue rings in a row, by agent (those with none are absent). */
  ringMisses(): ReadonlyMap<string, number> {
    return new Map(this.sql.exec<{ user_id: string; misses: number }>("SELECT user_id, misses FROM ring_misses").toArray().map((row) => [row.user_id, row.misses]));
  }

  /** Sets an agent's misses in a row (0: answered, or they chose their status again). */
  setRingMisses(userId: string, misses: number): void {
    if (misses === 0) this.sql.exec("DELETE FROM ring_misses WHERE user_id = ?", userId);
    else this.sql.exec("INSERT INTO ring_misses (user_id, misses) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET misses = excluded.misses", userId, misses);
  }

  /** Raised hands waiting for a supervisor, oldest first. */
  helpRequests(): HelpRequestView[] {
    return this.sql
      .exec("SELECT * FROM help_requests ORDER BY raised_at, call_id")
      .toArray()
      .flatMap((raw) => {
        const row = helpRow.safeParse(raw);
        return row.success ? [{ callId: row.data.call_id, requestId: row.data.request_id, userId: row.data.user_id, reason: row.data.reason, raisedAt: row.data.raised_at }] : [];
      });
  }

  /** A hand goes up (a later raise on the call replaces the earlier; the same raise twice is one); true when the board changed. */
  raiseHelp(request: HelpRequestView): boolean {
    const before = this.helpRequests().find((open) => open.callId === request.callId);
    if (before?.requestId === request.requestId) return false;
    this.sql.exec(
      `INSERT INTO help_requests (call_id, request_id, user_id, reason, raised_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (call_id) DO UPDATE SET request_id = excluded.request_id, user_id = excluded.user_id, reason = excluded.reason, raised_at = excluded.raised_at`,
      request.callId,
      request.requestId,
      request.userId,
      request.reason,
      request.raisedAt,
    );
    return true;
  }

  /** A hand comes down: this request only (`null`: whatever is up on the call, at its end); true when the board changed. */
  clearHelp(callId: string, requestId: string | null): boolean {
    const before = this.helpRequests().length;
    if (requestId === null) this.sql.exec("DELETE FROM help_requests WHERE call_id = ?", callId);
    else this.sql.exec("DELETE FROM help_requests WHERE call_id = ? AND request_id = ?", callId, requestId);
    return this.helpRequests().length !== before;
  }

  /** The kept members by id, read from the table (unreadable rows repaired) the first time. */
  #members(nowMs: number): Map<string, StoredMember> {
    if (this.#kept) return this.#kept;
    const members = new Map<string, StoredMember>();
    const unreadable: { raw: Record<string, SqlValue>; reason: string }[] = [];
    for (const raw of this.sql.exec("SELECT * FROM members").toArray()) {
      const result = readMember(raw);
      if (result.ok) members.set(result.member.userId, result.member);
      else unreadable.push({ raw, reason: result.reason });
    }
    this.#kept = members;
    for (const { raw, reason } of unreadable) {
      const repaired = this.rewriteAsOffline(raw, nowMs);
      if (repaired) {
        this.onUnreadable({ userId: repaired.userId, reason });
        members.set(repaired.userId, repaired);
      }
    }
    return members;
  }

  /** An unreadable row becomes an offline member, keeping whatever identity still reads. */
  private rewriteAsOffline(raw: Record<string, SqlValue>, nowMs: number): StoredMember | null {
    if (typeof raw.user_id !== "string") return null;
    const member: StoredMember = {
      userId: raw.user_id,
      name: typeof raw.name === "string" ? raw.name : UNSEEN.name,
      role: typeof raw.role === "string" ? raw.role : UNSEEN.role,
      presence: initialPresence(nowMs),
    };
    this.sql.exec("DELETE FROM members WHERE user_id = ?", member.userId);
    this.saveIdentity(member, nowMs);
    // Whatever span was open ends: the agent is offline from here.
    this.spans.changed(member.userId, "offline", nowMs);
    return member;
  }
}

/** The table's order (ORDER BY name, user_id): by UTF-16 code unit, as SQLite's BINARY is by byte, alike outside surrogate pairs. */
function byNameThenId(a: StoredMember, b: StoredMember): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

function readMember(raw: Record<string, SqlValue>): ReadResult {
  const parsed = memberRow.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: parsed.error.message };
  const row = parsed.data;
  const offer = row.status === "previewing" ? readOffer(row) : { ok: true as const, offer: null };
  if (!offer.ok) return { ok: false, reason: offer.reason };
  const wrapUp = readWrapUp(row);
  if (!wrapUp.ok) return { ok: false, reason: wrapUp.reason };
  return {
    ok: true,
    member: {
      userId: row.user_id,
      name: row.name,
      role: row.role,
      presence: { status: row.status, statusSince: row.status_since, callId: row.call_id, wrapUpEndsAt: row.wrap_up_ends_at, offer: offer.offer, wrapUp: wrapUp.wrapUp },
    },
  };
}

/** A previewing member's offer: without it the agent could neither see nor leave the lead. */
function readOffer(row: MemberRow): { ok: true; offer: PreviewOffer } | { ok: false; reason: string } {
  if (row.offer === null) return { ok: false, reason: "previewing without an offer" };
  const parsed = parseJson(row.offer, previewOffer);
  return parsed.success ? { ok: true, offer: parsed.data } : { ok: false, reason: `offer: ${parsed.error}` };
}

/** The call's wrap-up terms; a row from before them (null) wraps up as every call did then. */
function readWrapUp(row: MemberRow): { ok: true; wrapUp: CallWrapUp | null } | { ok: false; reason: string } {
  if (row.wrap_up === null || (row.status !== "on_call" && row.status !== "wrap_up")) return { ok: true, wrapUp: null };
  const parsed = parseJson(row.wrap_up, callWrapUp);
  return parsed.success ? { ok: true, wrapUp: parsed.data } : { ok: false, reason: `wrap_up: ${parsed.error}` };
}
