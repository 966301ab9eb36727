// AgentPoolActor: one per organisation (room `<orgId>:pool`). Owns agent presence and
// broadcasts the team board to every console socket of the organisation. The
// Worker has already checked the session and the room's organisation; this shell
// loads state, applies presence.ts, persists, and broadcasts.
import { Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";
import { readRoomIdentity, type RoomIdentity } from "../shared/room-identity";
import { runSqliteMigrations } from "../shared/sqlite-migrations";
import { afterLastConnectionClosed, choosePresence, initialPresence, type PresenceRecord } from "./presence";
import { poolClientMessage, type PoolMember, type PoolServerMessage } from "./protocol";

const MIGRATIONS = [
  `CREATE TABLE members (
     user_id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     role TEXT NOT NULL,
     status TEXT NOT NULL,
     status_since INTEGER NOT NULL
   )`,
] as const;

type MemberRow = {
  user_id: string;
  name: string;
  role: string;
  status: PresenceRecord["status"];
  status_since: number;
};

export class AgentPoolActor extends Server<Env> {
  static override options = { hibernate: true };

  override onStart(): void {
    runSqliteMigrations(this.ctx.storage.sql, MIGRATIONS);
  }

  override onConnect(connection: Connection<RoomIdentity>, ctx: ConnectionContext): void {
    const identity = readRoomIdentity(ctx.request);
    if (!identity) {
      // Only reachable by bypassing the Worker; refuse rather than guess who this is.
      connection.close(1008, "missing identity");
      return;
    }
    connection.setState(identity);
    const existing = this.member(identity.userId);
    this.saveMember(identity, existing ?? initialPresence(Date.now()));
    this.broadcastSnapshot();
  }

  override onMessage(connection: Connection<RoomIdentity>, raw: WSMessage): void {
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
        const current = this.member(identity.userId) ?? initialPresence(Date.now());
        const change = choosePresence(current, identity.role, message.status, Date.now());
        if (!change.ok) {
          this.sendTo(connection, { type: "error", code: change.code, message: change.message });
          return;
        }
        if (change.changed) {
          this.saveMember(identity, change.record);
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
    const current = this.member(identity.userId);
    if (!stillOpen && current) this.saveMember(identity, afterLastConnectionClosed(current, Date.now()));
    this.broadcastSnapshot(connection.id);
  }

  private member(userId: string): PresenceRecord | null {
    const row = this.ctx.storage.sql
      .exec<Pick<MemberRow, "status" | "status_since">>("SELECT status, status_since FROM members WHERE user_id = ?", userId)
      .toArray()[0];
    return row ? { status: row.status, statusSince: row.status_since } : null;
  }

  private saveMember(identity: RoomIdentity, record: PresenceRecord): void {
    this.ctx.storage.sql.exec(
      `INSERT INTO members (user_id, name, role, status, status_since) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, role = excluded.role,
         status = excluded.status, status_since = excluded.status_since`,
      identity.userId,
      identity.name,
      identity.role,
      record.status,
      record.statusSince,
    );
  }

  private broadcastSnapshot(closingConnectionId?: string): void {
    const open = [...this.getConnections<RoomIdentity>()].filter((c) => c.id !== closingConnectionId && c.state);
    const connectionsByUser = new Map<string, number>();
    for (const c of open) connectionsByUser.set(c.state!.userId, (connectionsByUser.get(c.state!.userId) ?? 0) + 1);
    const members: PoolMember[] = this.ctx.storage.sql
      .exec<MemberRow>("SELECT * FROM members ORDER BY name")
      .toArray()
      .map((row) => ({
        userId: row.user_id,
        name: row.name,
        role: row.role,
        status: row.status,
        statusSince: row.status_since,
        connections: connectionsByUser.get(row.user_id) ?? 0,
      }));
    for (const connection of open) {
      const you = { userId: connection.state!.userId, role: connection.state!.role };
      this.sendTo(connection, { type: "snapshot", you, members, serverNow: Date.now() });
    }
  }

  private sendTo(connection: Connection, message: PoolServerMessage): void {
    connection.send(JSON.stringify(message satisfies PoolServerMessage));
  }
}

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
