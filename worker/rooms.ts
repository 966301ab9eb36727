// The door to actor rooms (/parties/<party>/<orgId>:<name>). partyserver would route
// to any Durable Object binding by name, so only parties listed here are rooms. The
// session is checked in onBeforeConnect (and onBeforeRequest for plain HTTP), in the
// Worker, before the actor is touched: the room must belong to the caller's
// organisation, and the actor receives the identity in a header that no client can
// forge (any copy the client sends is replaced).
import { routePartykitRequest } from "partyserver";
import { resolveIdentity, sessionIdentity, sessionTokenOf, type Identity } from "./auth/identity";
import { recordWriterFor } from "../objects/record-writer/RecordWriter";
import { sha256Hex } from "../domain/sha256";
import { hasRole } from "../domain/roles";
import { and, eq } from "drizzle-orm";
import { openDatabase, type Database, type DatabaseHandle } from "../db/client";
import { systemAccess } from "../db/access";
import { organizations } from "../db/schema";
import type { Role } from "../domain/roles";
import { ApiError, databaseUnavailable, errorResponse, forbidden, notFound, unauthorized } from "./http/errors";
import { isDatabaseUnavailable } from "../db/postgres-errors";
import { logEvent } from "../domain/log";
import { ROOM_IDENTITY_HEADER, type RoomIdentity } from "../objects/shared/room-identity";

/** Parties that are rooms, by their URL name, with the least role that may enter. */
export const ROOM_PARTIES: Record<string, { minRole: Role }> = {
  "agent-pool-actor": { minRole: "viewer" },
  // The actor itself narrows agents to their own calls.
  "call-actor": { minRole: "viewer" },
  // The live campaign room is for supervisors and up.
  "campaign-actor": { minRole: "supervisor" },
};

export const PARTY_PATH_PREFIX = "/parties/";

/** The one room of a rehearsal organisation another organisation's supervisors may enter: its campaign's. */
const REHEARSAL_ROOM_PARTY = "campaign-actor";

/** Whether `organizationId` is a campaign rehearsal's organisation made for `rehearsedBy` (organizations.rehearsal_of). */
async function isRehearsalOf(db: Database, organizationId: string, rehearsedBy: string): Promise<boolean> {
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.id, organizationId), eq(organizations.rehearsalOf, rehearsedBy)));
  return row !== undefined;
}

/**
 * `<orgId>:<name>`, unencoded. partyserver names the actor from the raw path segment,
 * so an encoded spelling (`%3A`) would reach a different actor: only this form is a room.
 */
/** Admitting a socket reads its session (a system path) and whether the room is a rehearsal of the member's organisation (another organisation's row). */
const ROOM_ADMISSION = systemAccess("a room socket's session lookup and its rehearsal organisation's row");

const CANONICAL_ROOM_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[A-Za-z0-9_-]{1,100}$/;

export async function routeRoomRequest(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const [party = ""] = new URL(request.url).pathname.slice(PARTY_PATH_PREFIX.length).split("/");
  const policy = ROOM_PARTIES[party];
  if (!policy) return errorResponse(notFound("Room"));
  let handle: DatabaseHandle | undefined;
  const admit = async (incoming: Request, lobby: { name: string }): Promise<Request | Response> => {
    const room = lobby.name;
    if (!CANONICAL_ROOM_NAME.test(room)) return refuse(party, room, "malformed room name", notFound("Room"));
    let identity: Identity | null;
    try {
      identity = await roomIdentity(incoming, room, env, () => (handle ??= openDatabase(env, ROOM_ADMISSION)).db);
    } catch (error) {
      // The console reconnects on its own; a 503 tells it (and the log) what happened, where an escaped error was a 500.
      if (isDatabaseUnavailable(error)) return refuse(party, room, "database unavailable", databaseUnavailable());
      throw error;
    }
    if (!identity) return refuse(party, room, "no session", unauthorized());
    if (!identity.userId) return refuse(party, room, "api key", forbidden("Rooms are for console sessions, not API keys"));
    const roomOrganizationId = room.slice(0, room.indexOf(":"));
    if (roomOrganizationId !== identity.organizationId) {
      // A campaign rehearsal's room is its rehearsal organisation's; the rehearsed organisation's supervisors watch it.
      const watchesRehearsal = party === REHEARSAL_ROOM_PARTY && (await isRehearsalOf((handle ??= openDatabase(env, ROOM_ADMISSION)).db, roomOrganizationId, identity.organizationId));
      // Another organisation's room answers as if it did not exist.
      if (!watchesRehearsal) return refuse(party, room, "other organisation", notFound("Room"));
    }
    if (!hasRole(identity.role, policy.minRole)) return refuse(party, room, "role", forbidden("Your role cannot enter this room"));
    const admitted = new Request(incoming);
    admitted.headers.set(
      ROOM_IDENTITY_HEADER,
      JSON.stringify({
        organizationId: roomOrganizationId,
        userId: identity.userId,
        name: identity.displayName,
        role: identity.role,
      } satisfies RoomIdentity),
    );
    return admitted;
  };

  try {
    const response = await routePartykitRequest(request, env, { onBeforeConnect: admit, onBeforeRequest: admit });
    return response ?? errorResponse(notFound("Room"));
  } finally {
    if (handle) ctx.waitUntil(handle.close().catch(() => undefined));
  }
}

/**
 * A console session (the cookie) is looked up by the room's RecordWriter over its kept
 * connection: a connection per socket was a new Postgres session per call watched, the
 * largest part of Postgres's CPU per webhook (bench:calls --profile-sql). Anything else
 * (an API key, which rooms refuse below) goes the ordinary way.
 */
async function roomIdentity(incoming: Request, room: string, env: Env, database: () => Database): Promise<Identity | null> {
  const token = incoming.headers.get("authorization")?.startsWith("Bearer ") ? null : sessionTokenOf(incoming);
  if (token) {
    const sessionId = await sha256Hex(token);
    return sessionIdentity(sessionId, await recordWriterFor(env, room).sessionMember(sessionId));
  }
  // A revoked or expired API key throws its 401; rooms refuse every key anyway.
  return resolveIdentity(incoming, database()).catch((error: unknown) => {
    if (error instanceof ApiError) return null;
    throw error;
  });
}

function refuse(party: string, room: string, reason: string, error: ApiError): Response {
  logEvent({ event: "room_refused", party, room, reason });
  return errorResponse(error);
}
