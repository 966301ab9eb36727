// What each role may see in the console: rank order, home page, navigation, page access.
// The API enforces permissions; this only keeps the console from offering doors that are locked.

import { hasRole, ROLES, type Role } from "../../../domain/roles";

export type { Role };

export type ConsoleArea = "admin" | "supervisor" | "agent" | "calls" | "payments" | "analytics";

const areaRoles: Record<ConsoleArea, readonly Role[]> = {
  admin: ["owner", "admin"],
  // Viewers watch the board read-only; the board has nothing to mutate.
  supervisor: ["owner", "admin", "supervisor", "viewer"],
  // Viewers never take calls.
  agent: ["owner", "admin", "supervisor", "agent"],
  // Call history: agents see their own calls (the API narrows them), everyone else all of them.
  calls: ["owner", "admin", "supervisor", "agent", "viewer"],
  // The payments ledger: supervisors read it, admins refund (the API checks both).
  payments: ["owner", "admin", "supervisor"],
  // KPIs (agents: their own calls), reports (viewers run and export), QA (supervisors score;
  // agents see their own scorecard): each page narrows further, as the API does.
  analytics: ["owner", "admin", "supervisor", "agent", "viewer"],
};

const areaLabels: Record<ConsoleArea, string> = {
  admin: "Admin",
  supervisor: "Supervisor",
  agent: "Agent",
  calls: "Calls",
  payments: "Payments",
  analytics: "Analytics",
};

export function mayUse(role: Role, area: ConsoleArea): boolean {
  return areaRoles[area].includes(role);
}

/** Where a role lands after login or on `/`. */
export function homePathFor(role: Role): `/${ConsoleArea}` {
  if (role === "owner" || role === "admin") return "/admin";
  if (role === "agent") return "/agent";
  return "/supervisor";
}

export function navLinksFor(role: Role): { href: `/${ConsoleArea}`; label: string }[] {
  return (["admin", "supervisor", "agent", "calls", "payments", "analytics"] as const)
    .filter((area) => mayUse(role, area))
    .map((area) => ({ href: `/${area}`, label: areaLabels[area] }));
}

/** The console area a path belongs to, or null for pages outside the role-gated areas. */
export function areaOfPath(pathname: string): ConsoleArea | null {
  const first = pathname.split("/")[1];
  return first === "admin" || first === "supervisor" || first === "agent" || first === "calls" || first === "payments" || first === "analytics" ? first : null;
}

/** Roles a user may hand out (to a member, invite or API key): never above their own. */
export function assignableRoles(actor: Role): Role[] {
  return ROLES.filter((role) => hasRole(actor, role));
}

/** Whether a user may change or remove a member: never themselves, never someone ranked above. */
export function mayManage(actor: Role, target: Role): boolean {
  return hasRole(actor, target);
}
