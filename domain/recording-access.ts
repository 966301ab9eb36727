// Who may take a call's recording away as a file. Playing it is for everyone who may see
// the call (an agent their own calls, viewers the organisation's); a download leaves the
// organisation's control (a file on a laptop, forwarded, kept past retention), so it is for
// the people answerable for recordings: supervisors, admins and owners. The route enforces
// it (?download=1 answers 403 below supervisor); the console only hides the link.
import { hasRole, type Role } from "./roles";

export const RECORDING_DOWNLOAD_MIN_ROLE: Role = "supervisor";

export function mayDownloadRecordings(role: Role): boolean {
  return hasRole(role, RECORDING_DOWNLOAD_MIN_ROLE);
}
