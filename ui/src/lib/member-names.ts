// Names for the agent of a call. Calls carry only a user id; GET /api/members (agents and up)
// gives the names. Viewers may not list members, so for them names fall back to a dash.
import { api } from "./api";
import type { Member } from "$contracts/organization";
import type { Session } from "./session";

/** The organisation's members, or [] when this role may not list them or the request fails. */
export async function loadMembers(session: Session): Promise<Member[]> {
  if (session.role === "viewer") return [];
  return api
    .get("/api/members")
    .then((result) => result.members)
    .catch(() => []);
}

export function agentLabel(userId: string | null, session: Session, members: readonly Member[]): string {
  if (userId === null) return "—";
  if (userId === session.user.id) return `${session.user.name} (you)`;
  return members.find((m) => m.userId === userId)?.name ?? "—";
}
