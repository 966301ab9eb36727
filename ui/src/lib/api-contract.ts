// Shapes of the HTTP API responses the console reads. The Worker owns the contract; this file
// mirrors only the fields the console renders (ui/ must not import from worker/).
import type { Role } from "./roles";

export interface Session {
  user: { id: string; email: string; name: string };
  organization: { id: string; name: string; slug: string };
  role: Role;
}

export interface Member {
  /** Membership id: the id PATCH/DELETE /api/members/:id take. */
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  createdAt: string;
}

export interface Invite {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedInvite {
  invite: Invite;
  token: string;
  /** Path like /invite/<token>; the console prefixes location.origin. */
  acceptPath: string;
}

export interface InviteLookup {
  email: string;
  role: Role;
  organization: { name: string };
}

export interface ApiKey {
  id: string;
  name: string;
  displayPrefix: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** Shown exactly once; the server keeps only a hash. */
  secret: string;
}

export interface AuditEntry {
  id: string;
  seq: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextBeforeSeq: number | null;
}

export interface AuditVerification {
  ok: boolean;
  rowsChecked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

export interface Account {
  id: string;
  name: string;
  /** E.164 numbers, at least one. */
  phones: string[];
  timeZone: string | null;
  balanceDueCents: number;
  preferredLanguage: string | null;
  doNotCall: boolean;
  consent: boolean;
  lastContactedAt: string | null;
}

export interface AccountPage {
  accounts: Account[];
  total: number;
}
