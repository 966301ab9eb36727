// Shapes of the HTTP API responses the console reads. The Worker owns the contract; this file
// mirrors only the fields the console renders (ui/ must not import from worker/).
import type { CallView, TranscriptSegmentView } from "$protocol/call/protocol";
import type { CampaignStatus, PacingMode } from "$protocol/campaign/protocol";
import type { CallStatus } from "$domain/call-status";
import type { InconvenientTime } from "$domain/inconvenient-times";
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

/** PATCH /api/calls/:id with a disposition's details (promise to pay, callback); shapes live with their rules. */
export type { CallUpdateBody, CallbackDetails, DispositionDetails, PromiseToPayDetails } from "./disposition-details";

/**
 * GET /api/accounts/:id as the agent's account pop reads it: the account plus, once the route
 * returns them, debts, last calls and notes (all optional; see account-detail.ts).
 */
export type { AccountContactView, AccountDebtView, AccountDetailView } from "./account-detail";

/** An account as GET /api/accounts/:id returns it: the list's fields plus its reference and inconvenient times. */
export interface AccountRecord extends Account {
  externalRef: string | null;
  inconvenientTimes: InconvenientTime[];
  createdAt: string;
  updatedAt: string;
}

export type DebtStatus = "open" | "disputed" | "paid" | "closed";

/** GET /api/accounts/:id/debts, and beside the account in GET /api/accounts/:id. */
export interface Debt {
  id: string;
  accountId: string;
  externalRef: string | null;
  creditor: string;
  balanceCents: number;
  status: DebtStatus;
  createdAt: string;
  updatedAt: string;
}

/** One of an account's last calls (GET /api/accounts/:id `recentCalls`, newest first). */
export interface AccountRecentCall {
  id: string;
  status: CallStatus;
  createdAt: string;
  disposition: Disposition | null;
  agentUserId: string | null;
  durationSeconds: number | null;
}

/** GET /api/accounts/:id */
export interface AccountPageResponse {
  account: AccountRecord;
  debts: Debt[];
  recentCalls: AccountRecentCall[];
}

/** A do-not-call entry: org-wide when campaignId is null. */
export interface DncEntry {
  id: string;
  phone: string;
  campaignId: string | null;
  reason: string;
  createdAt: string;
}

/** GET /api/dnc */
export interface DncPage {
  entries: DncEntry[];
  total: number;
}

/** A cell (or row) an import could not read; row 1 is the header, as a spreadsheet numbers rows. */
export interface ImportRowError {
  row: number;
  field: string;
  reason: string;
}

export interface ImportChangeCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** POST /api/accounts/import: what the file would do (dryRun) or did. */
export interface ImportReport {
  dryRun: boolean;
  rows: { read: number; accepted: number; rejected: number };
  accounts: ImportChangeCounts;
  debts: ImportChangeCounts;
  /** Every data row left out; `errors` may list only the first 1,000 problems. */
  rejectedRows: number[];
  errors: ImportRowError[];
  errorsTruncated: boolean;
  ignoredColumns: string[];
  durationMs: number;
}

/** Which accounts a campaign calls; every field given narrows the selection. */
export interface CampaignAccountSelection {
  minBalanceCents?: number;
  languages?: string[];
  accountIds?: string[];
}

/** A campaign's settings: the body of POST /api/campaigns (and any subset of it for PATCH). */
export interface CampaignSettings {
  name: string;
  pacingMode: PacingMode;
  /** 1–5; above 1 only with predictive pacing. */
  maxLinesPerAgent: number;
  /** Percent, above 0 and at most 3 (the law's cap). */
  abandonCapPercent: number;
  /** 15–60 seconds. */
  ringTimeoutSeconds: number;
  /** "HH:MM" in the callee's local time, inside 08:00–21:00. */
  callingWindow: { from: string; to: string };
  voicemailScript: string;
  /** May hold the placeholders {organization} and {callbackNumber}, filled when the campaign starts. */
  safeHarborMessage: string;
  retryMaxAttempts: number;
  retrySpacingMinutes: number;
  accountSelection: CampaignAccountSelection;
  agentUserIds: string[];
}

/** A row of GET /api/campaigns; also what POST, PATCH and the status actions answer as `campaign`. */
export interface Campaign extends CampaignSettings {
  id: string;
  status: CampaignStatus;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  stoppedAt: string | null;
}

export interface CampaignPage {
  campaigns: Campaign[];
  total: number;
}

/** GET /api/campaigns/:id: the campaign and its messages as the callee would hear them now. */
export interface CampaignDetail {
  campaign: Campaign;
  preview: { fromNumber: string | null; safeHarborMessage: string; voicemailScript: string };
}

export type CampaignAction = "start" | "pause" | "resume" | "stop";

/** abandoned ÷ live answered (a fraction); null before the first live answer. */
export interface AbandonRate {
  liveAnswered: number;
  abandoned: number;
  rate: number | null;
}

export interface ComplianceSkip {
  id: string;
  occurredAt: string;
  accountId: string | null;
  accountName: string | null;
  phone: string;
  reason: string;
  reasonLabel: string;
  /** e.g. "skipped: 7-in-7 (…), next eligible 2026-11-30 09:00 EST". */
  explanation: string;
  nextEligibleAt: string | null;
}

/** GET /api/campaigns/:id/report (?from&to&timeZone); ?format=csv downloads the skips. */
export interface CampaignReport {
  campaign: { id: string; name: string; status: Campaign["status"]; abandonCapPercent: number };
  period: { from: string | null; to: string | null };
  timeZone: string;
  generatedAt: string;
  attempts: number;
  accountsDialed: number;
  /** Calls bridged to an agent. */
  conversations: number;
  liveAnswered: number;
  abandoned: number;
  abandon: {
    inPeriod: AbandonRate;
    today: AbandonRate;
    /** The law's window: the rolling 30 days, whatever the period. */
    last30Days: AbandonRate;
    capPercent: number;
    legalCapPercent: number;
    withinCap: boolean;
  };
  skips: { total: number; byReason: { reason: string; label: string; count: number }[] };
  /** The most recent skips of the period (up to 50); the CSV has them all. */
  recentSkips: ComplianceSkip[];
}
