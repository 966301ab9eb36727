// Roles and what they rank: owner > admin > supervisor > agent > viewer.
import type { Role } from "../db/schema";

export const ROLES = ["owner", "admin", "supervisor", "agent", "viewer"] as const satisfies readonly Role[];

const RANK: Record<Role, number> = { owner: 5, admin: 4, supervisor: 3, agent: 2, viewer: 1 };

export function hasRole(role: Role, atLeast: Role): boolean {
  return RANK[role] >= RANK[atLeast];
}

/** Nobody can hand out a role above their own; only owners make owners. */
export function canGrantRole(granter: Role, granted: Role): boolean {
  return hasRole(granter, granted);
}
