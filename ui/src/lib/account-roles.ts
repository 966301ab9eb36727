// Who may change accounts, debts and do-not-call lists: the API's rule (supervisor and up),
// so the console does not offer forms the API would refuse. Everyone may read them.
import { hasRole, type Role } from "../../../domain/roles";

export function mayChangeAccounts(role: Role): boolean {
  return hasRole(role, "supervisor");
}
