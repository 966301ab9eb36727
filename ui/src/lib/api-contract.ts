// Shapes of the HTTP API responses the console reads. The Worker owns the contract; this file
// mirrors only the fields the console renders (ui/ must not import from worker/).
import type { CallStatus, CallView, TranscriptSegmentView } from "$protocol/call/protocol";
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

/** What an agent records about how a call went (PATCH /api/calls/:id). */
export type Disposition =
  | "promise_to_pay"
  | "callback"
  | "paid"
  | "refused"
  | "wrong_number"
  | "dispute"
  | "no_contact"
  | "other";

/** A row of GET /api/calls (also the `call` that PATCH /api/calls/:id answers). */
export interface CallSummary {
  id: string;
  direction: "outbound" | "inbound";
  kind: CallView["kind"];
  to: string;
  from: string;
  agentUserId: string | null;
  accountId: string | null;
  status: CallStatus;
  amdResult: string | null;
  hangupCause: string | null;
  createdAt: string;
  answeredAt: string | null;
  bridgedAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  notes: string;
  disposition: Disposition | null;
}

export interface CallPage {
  calls: CallSummary[];
  total: number;
}

export type CallTimelineEntry = CallView["timeline"][number];

/** A transcript line as the API stores it (the live room also sends a confidence). */
export type TranscriptLine = Pick<TranscriptSegmentView, "id" | "at" | "track" | "speaker" | "text">;

export interface CallRecording {
  id: string;
  sizeBytes: number;
  startedAt: string | null;
  endedAt: string | null;
  /** /api/calls/:id/recording?id=…, an audio/wav stream (same-origin, cookie session). */
  url: string;
}

/** GET /api/calls/:id */
export interface CallDetail extends CallSummary {
  timeline: CallTimelineEntry[];
  transcript: TranscriptLine[];
  recordings: CallRecording[];
}

/** POST /api/calls (201): the call as its actor first saw it. */
export interface PlacedCall {
  id: string;
  call: CallView;
}

export type CallKind = "direct" | "bridge";

/** The subset of GET /api/health the console reads: is the carrier the local simulator? */
export interface Health {
  ok: boolean;
  carrier: { mode: "simulator" | "telnyx" };
}

/** GET /api/phone-numbers: the organisation's numbers; the first is the caller id of outbound calls. */
export interface PhoneNumber {
  id: string;
  e164: string;
  label: string;
  inboundAction: "ring_agent" | "message";
  inboundAgentUserId: string | null;
  inboundMessage: string;
}
