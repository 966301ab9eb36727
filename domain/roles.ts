// Roles and what they rank: owner > admin > supervisor > agent > viewer. The one list:
// the Postgres enum, the route table, actor rooms and the console all read it here.
// No zod here: the console's first page loads this module, and zod would double its size.

export const ROLES = ["owner", "admin", "supervisor", "agent", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { owner: 5, admin: 4, supervisor: 3, agent: 2, viewer: 1 };

export function hasRole(role: Role, atLeast: Role): boolean {
  return RANK[role] >= RANK[atLeast];
}

/** Nobody can hand out a role above their own; only owners make owners. */
export function canGrantRole(granter: Role, granted: Role): boolean {
  return hasRole(granter, granted);
}

/** Roles that take part in the live agent pool (viewers only watch). */
export const takesCalls = (role: Role): boolean => role !== "viewer";
