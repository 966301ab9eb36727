// Who may change accounts, debts and do-not-call lists: the API's rule (supervisor and up),
// so the console does not offer forms the API would refuse. Everyone may read them.
import type { Role } from "./roles";

export function mayChangeAccounts(role: Role): boolean {
  return role === "owner" || role === "admin" || role === "supervisor";
}
