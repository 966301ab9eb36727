// AgentPoolActor: one per organisation (room `<orgId>:pool`). Owns agent presence and
// the team board every console of the organisation sees; calls move agents on_call and
// into a timed wrap-up; the dialer reserves the longest-idle agent here. The actor
// runs one request at a time and never awaits between reading and writing a member,
// so a reservation is atomic: never two calls to one agent, never one call to two.
// Preview campaigns hold a lead for an available agent here (status previewing): the
// offer goes to that agent's consoles only, and no other campaign reserves them meanwhile.
import { Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";
import { readRoomIdentity, type RoomIdentity } from "../shared/room-identity";
import { runSqliteMigrations } from "../shared/sqlite-migrations";
import {
  afterLastConnectionClosed,
  choosePresence,
  DEFAULT_WRAP_UP_SECONDS,
  endCall,
  endPreview,
  finishWrapUpIfDue,
  initialPresence,
  pickLongestIdle,
  startCall,
  startPreview,
  type PresenceRecord,
} from "./presence";
import { poolClientMessage, previewOffer, type PoolMember, type PoolServerMessage, type PreviewOffer } from "./protocol";

const MIGRATIONS = [
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
] as const;

type MemberRow = {
  user_id: string;
  name: string;
  role: string;
  status: PresenceRecord["status"];
  status_since: number;
  call_id: string | null;
  wrap_up_ends_at: number | null;
  /** JSON of the PreviewOffer while previewing. */
  offer: string | null;
};

/** Who a member is when a call names them before they ever opened a console. */
const UNSEEN = { name: "(not connected yet)", role: "agent" } as const;

export class AgentPoolActor extends Server<Env> {
  static override options = { hibernate: true };

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    runSqliteMigrations(ctx.storage.sql, MIGRATIONS);
  }

  // ---- RPC from calls and the dialer ---------------------------------------------

  /**
   * Takes the longest-idle available agent for a live call, among `eligibleUserIds` when
   * given (a campaign's agents); the same call asking again gets the same agent.
   */
  async reserveLongestIdleAgent(callId: string, eligibleUserIds?: readonly string[]): Promise<{ userId: string } | null> {
    const now = Date.now();
    const rows = this.rows();
    const already = rows.find((row) => row.call_id === callId && row.status === "on_call");
    if (already) return { userId: already.user_id };
    const eligible = eligibleUserIds ? new Set(eligibleUserIds) : null;
    const candidates = rows.filter((row) => !eligible || eligible.has(row.user_id));
    const userId = pickLongestIdle(candidates.map((row) => ({ userId: row.user_id, presence: toPresence(row) })));
    if (!userId) return null;
    this.update(userId, startCall(toPresence(rows.find((r) => r.user_id === userId)!), callId, now));
    this.broadcastSnapshot();
    return { userId };
  }

  /** Where these agents stand, for a campaign's pacing tick: O(agents), no socket traffic. */
  async agentStates(userIds: readonly string[]): Promise<PoolMember[]> {
    const wanted = new Set(userIds);
    return this.members().filter((member) => wanted.has(member.userId));
  }

  /** A preview campaign offers this agent a lead; false when the agent is no longer available for it. */
  async offerPreview(userId: string, offer: PreviewOffer): Promise<boolean> {
    const next = startPreview(this.presenceOf(userId), offer, Date.now());
    if (!next) return false;
    this.update(userId, next);
    this.broadcastSnapshot();
    return true;
  }

  /** The offer is over (dialled elsewhere, skipped, refused, withdrawn): a no-op when the agent no longer holds it. */
  async endPreview(userId: string, campaignId: string, accountId: string, then: "available" | "break"): Promise<void> {
    const current = this.presenceOf(userId);
    const next = endPreview(current, campaignId, accountId, then, Date.now());
    if (next === current) return;
    this.update(userId, next);
    this.broadcastSnapshot();
  }

  /** A call has this agent (a call they placed, or an inbound call that rang them). */
  async callStarted(userId: string, callId: string): Promise<void> {
    const current = this.presenceOf(userId);
    const next = startCall(current, callId, Date.now());
    if (next !== current) {
      this.update(userId, next);
      this.broadcastSnapshot();
    }
  }

  async callEnded(userId: string, callId: string, wrapUpSeconds = DEFAULT_WRAP_UP_SECONDS): Promise<void> {
    const current = this.presenceOf(userId);
    const next = endCall(current, callId, Date.now(), wrapUpSeconds);
    if (next === current) return;
    this.update(userId, next);
    await this.scheduleWrapUpAlarm();
    this.broadcastSnapshot();
  }

  override async onAlarm(): Promise<void> {
    const now = Date.now();
    let changed = false;
    for (const row of this.rows()) {
      const next = finishWrapUpIfDue(toPresence(row), now);
      if (next.status !== row.status) {
        this.update(row.user_id, next);
        changed = true;
      }
    }
    await this.scheduleWrapUpAlarm();
    if (changed) this.broadcastSnapshot();
  }

  // ---- The room ------------------------------------------------------------------

  override onConnect(connection: Connection<RoomIdentity>, ctx: ConnectionContext): void {
    const identity = readRoomIdentity(ctx.request);
    if (!identity) {
      // Only reachable by bypassing the Worker; refuse rather than guess who this is.
      connection.close(1008, "missing identity");
      return;
    }
    connection.setState(identity);
    this.saveIdentity(identity);
    this.broadcastSnapshot();
  }

  override async onMessage(connection: Connection<RoomIdentity>, raw: WSMessage): Promise<void> {
    const identity = connection.state;
    if (!identity) return;
    const parsed = poolClientMessage.safeParse(parseJson(raw));
    if (!parsed.success) {
      this.sendTo(connection, { type: "error", code: "invalid_message", message: parsed.error.issues[0]?.message ?? "invalid" });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case "set_presence": {
        const change = choosePresence(this.presenceOf(identity.userId), identity.role, message.status, Date.now());
        if (!change.ok) {
          this.sendTo(connection, { type: "error", code: change.code, message: change.message });
          return;
        }
        if (change.changed) {
          this.update(identity.userId, change.record);
          await this.scheduleWrapUpAlarm();
          this.broadcastSnapshot();
        }
        return;
      }
      default:
        return assertNever(message.type);
    }
  }

  override onClose(connection: Connection<RoomIdentity>): void {
    const identity = connection.state;
    if (!identity) return;
    const stillOpen = [...this.getConnections<RoomIdentity>()].some(
      (other) => other.id !== connection.id && other.state?.userId === identity.userId,
    );
    if (!stillOpen) this.update(identity.userId, afterLastConnectionClosed(this.presenceOf(identity.userId), Date.now()));
    this.broadcastSnapshot(connection.id);
  }

  // ---- Storage -------------------------------------------------------------------

  private rows(): MemberRow[] {
    return this.ctx.storage.sql.exec<MemberRow>("SELECT * FROM members ORDER BY name, user_id").toArray();
  }

  private presenceOf(userId: string): PresenceRecord {
    const row = this.ctx.storage.sql.exec<MemberRow>("SELECT * FROM members WHERE user_id = ?", userId).toArray()[0];
    return row ? toPresence(row) : initialPresence(Date.now());
  }

  private saveIdentity(identity: RoomIdentity): void {
    this.ctx.storage.sql.exec(
      `INSERT INTO members (user_id, name, role, status, status_since) VALUES (?, ?, ?, 'offline', ?)
       ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, role = excluded.role`,
      identity.userId,
      identity.name,
      identity.role,
      Date.now(),
    );
  }

  private update(userId: string, record: PresenceRecord): void {
    this.ctx.storage.sql.exec(
      `INSERT INTO members (user_id, name, role, status, status_since, call_id, wrap_up_ends_at, offer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, status_since = excluded.status_since,
         call_id = excluded.call_id, wrap_up_ends_at = excluded.wrap_up_ends_at, offer = excluded.offer`,
      userId,
      UNSEEN.name,
      UNSEEN.role,
      record.status,
      record.statusSince,
      record.callId,
      record.wrapUpEndsAt,
      record.offer ? JSON.stringify(record.offer) : null,
    );
  }

  /** One alarm: the soonest wrap-up end. */
  private async scheduleWrapUpAlarm(): Promise<void> {
    const row = this.ctx.storage.sql
      .exec<{ at: number | null }>("SELECT MIN(wrap_up_ends_at) AS at FROM members WHERE status = 'wrap_up'")
      .toArray()[0];
    if (row?.at) await this.ctx.storage.setAlarm(row.at);
    else await this.ctx.storage.deleteAlarm();
  }

  private broadcastSnapshot(closingConnectionId?: string): void {
    const open = [...this.getConnections<RoomIdentity>()].filter((c) => c.id !== closingConnectionId && c.state);
    const rows = this.rows();
    const members = this.members(open, rows);
    const offers = new Map(rows.flatMap((row) => (row.status === "previewing" && row.offer ? [[row.user_id, parseOffer(row.offer)] as const] : [])));
    const serverNow = Date.now();
    for (const connection of open) {
      const you = { userId: connection.state!.userId, role: connection.state!.role };
      this.sendTo(connection, { type: "snapshot", you, members, yourOffer: offers.get(you.userId) ?? null, serverNow });
    }
  }

  private members(open = [...this.getConnections<RoomIdentity>()].filter((c) => c.state), rows = this.rows()): PoolMember[] {
    const connectionsByUser = new Map<string, number>();
    for (const c of open) connectionsByUser.set(c.state!.userId, (connectionsByUser.get(c.state!.userId) ?? 0) + 1);
    return rows.map((row) => ({
      userId: row.user_id,
      name: row.name,
      role: row.role,
      status: row.status,
      statusSince: row.status_since,
      connections: connectionsByUser.get(row.user_id) ?? 0,
      callId: row.call_id,
      wrapUpEndsAt: row.wrap_up_ends_at,
      preview: row.status === "previewing" && row.offer ? previewOf(parseOffer(row.offer)) : null,
    }));
  }

  private sendTo(connection: Connection, message: PoolServerMessage): void {
    connection.send(JSON.stringify(message satisfies PoolServerMessage));
  }
}

function toPresence(row: MemberRow): PresenceRecord {
  return { status: row.status, statusSince: row.status_since, callId: row.call_id, wrapUpEndsAt: row.wrap_up_ends_at, offer: row.offer ? parseOffer(row.offer) : null };
}

/** Stored by this actor from a validated offer; parsed again so a bad row fails loudly, not silently. */
function parseOffer(json: string): PreviewOffer {
  return previewOffer.parse(JSON.parse(json));
}

const previewOf = (offer: PreviewOffer) => ({ campaignId: offer.campaignId, accountId: offer.accountId });

function parseJson(raw: WSMessage): unknown {
  if (typeof raw !== "string") return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled message ${String(value)}`);
}
