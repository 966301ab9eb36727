// The system of record's schema (Postgres, drizzle). Every tenant table carries
// organization_id and every query filters by it. Migrations in migrations/ are
// generated from this file by `npm run db:generate`; never edit them by hand.
import { sql } from "drizzle-orm";
import { ROLES } from "../domain/roles";
import { AGENT_PRESENCE_STATUSES } from "../domain/agent-presence";
import { DEFAULT_API_KEY_RATE_LIMIT_PER_MINUTE, type ApiScope } from "../domain/api-scopes";
import { TRANSCRIPT_SPEAKERS } from "../domain/transcript-speaker";
import type { AccountSelection } from "../domain/account-selection";
import type { DispositionDetails } from "../domain/dispositions";
import type { InconvenientTime } from "../domain/inconvenient-times";
import type { PhoneLineTypes } from "../domain/phone-line-types";
import type { SegmentFilters } from "../domain/segment-filters";
import { DEFAULT_CONCURRENT_CALLS } from "../domain/payment-reminders";
import type { ReportDefinition } from "../domain/report-definition";
import { CALL_STATUSES } from "../domain/call-status";
import { SIGN_IN_OUTCOMES } from "../domain/sign-in";
import { CALL_ORIGINS, CALL_OUTCOMES } from "../domain/call-outcome";
import { DEFAULT_WRAP_UP_SECONDS } from "../domain/wrap-up";
import { DEFAULT_PAYMENT_LINK_SECONDS, PAYMENT_METHODS, PAYMENT_STATUSES, RECEIPT_SMS_STATUSES } from "../domain/payments";
import { INBOUND_ACTIONS } from "../domain/inbound-routing";
import type { IvrSettings } from "../domain/ivr-settings";
import type { AiAgentSettings } from "../domain/ai-agent-settings";
import { DEFAULT_RING_MISSES_BEFORE_BREAK, type AgentRingPolicy, type QueueCallbackPolicy, type QueueFallback, type QueueHours, type QueueMember, type SkillLevels } from "../domain/inbound-queues";
import type { IntelligenceSettings, TranslationSettings } from "../domain/intelligence-settings";
import { DEFAULT_SUPERVISORS_PER_CALL } from "../domain/supervision";
import { DEFAULT_RECORDING_DISCLOSURE } from "../domain/recording-disclosure";
import { TEAM_ROLES } from "../domain/teams";
import type { EvaluationAnswers, EvaluationSection } from "../domain/qa-form";
import type { ScorecardCriterion } from "../domain/scorecard";
import { LEGAL_HOLD_SUBJECTS, type RetentionPolicy } from "../domain/retention";
import { PLAN_IDS, SUBSCRIPTION_STATUSES } from "../domain/billing-plans";
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("role", ROLES);

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  /** Wrap-up after a call, in seconds (domain/wrap-up.ts): ordinary calls, and campaigns that set none of their own. */
  wrapUpSeconds: integer("wrap_up_seconds").notNull().default(DEFAULT_WRAP_UP_SECONDS),
  /** How long a payment link sent by SMS stays payable (domain/payments.ts: kept within Stripe's 30 min – 24 h). */
  paymentLinkValiditySeconds: integer("payment_link_validity_seconds").notNull().default(DEFAULT_PAYMENT_LINK_SECONDS),
  /** IANA zone whose calendar draws the organisation's days in analytics (a day, a week, "today"). */
  timeZone: text("time_zone").notNull().default("UTC"),
  /** How many supervisors may listen to one call at once (domain/supervision.ts). */
  supervisorsPerCall: integer("supervisors_per_call").notNull().default(DEFAULT_SUPERVISORS_PER_CALL),
  /** Agents see who listens to their call and in which mode; off for quality monitoring. */
  showSupervisorsToAgents: boolean("show_supervisors_to_agents").notNull().default(true),
  /** Spoken before recording starts on calls to or from an all-party-consent state (domain/recording-disclosure.ts). */
  recordingDisclosure: text("recording_disclosure").notNull().default(DEFAULT_RECORDING_DISCLOSURE),
  /** Unanswered queue rings in a row that put an agent on a break, for queues that set no number of their own (domain/inbound-queues.ts). */
  ringMissesBeforeBreak: integer("ring_misses_before_break").notNull().default(DEFAULT_RING_MISSES_BEFORE_BREAK),
  /**
   * Set on a campaign rehearsal's own organisation (worker/campaigns/rehearsal-floor.ts): the
   * organisation whose campaign it rehearses. Its supervisors may watch its campaign room;
   * nothing else of it is theirs, and nothing of theirs is in it.
   */
  rehearsalOf: uuid("rehearsal_of").references((): AnyPgColumn => organizations.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
});

// People who log in. A user may belong to several organisations through memberships,
// so the user row itself is not a tenant row.
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);

export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("memberships_org_user_idx").on(t.organizationId, t.userId)],
);

// The id is the SHA-256 of the cookie token: a leaked table grants no sessions.
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const signInOutcomeEnum = pgEnum("sign_in_outcome", SIGN_IN_OUTCOMES);

// A person's sign-in history: every session started and every wrong password for a known
// user, in the organisation the login lands in. Ordinary logins are recorded here, not in
// the audit log (a floor logging in each morning would bury it); a lock goes to both.
// A successful row with a device hash makes that browser a known device for the user.
export const signIns = pgTable(
  "sign_ins",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    address: text("address").notNull(),
    userAgent: text("user_agent"),
    /** SHA-256 of the device cookie's token; the token itself is never stored. */
    deviceHash: text("device_hash"),
    outcome: signInOutcomeEnum("outcome").notNull(),
  },
  (t) => [
    index("sign_ins_user_time_idx").on(t.userId, t.occurredAt),
    index("sign_ins_user_device_idx").on(t.userId, t.deviceHash),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** First characters of the key, shown so people can tell keys apart. */
    displayPrefix: text("display_prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    role: roleEnum("role").notNull(),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    /** What the key may do (domain/api-scopes.ts); keys made before scopes were given them all. */
    scopes: text("scopes").array().$type<ApiScope[]>().notNull().default(sql`'{}'::text[]`),
    /** Null: never expires. */
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
    rateLimitPerMinute: integer("rate_limit_per_minute").notNull().default(DEFAULT_API_KEY_RATE_LIMIT_PER_MINUTE),
  },
  (t) => [index("api_keys_org_idx").on(t.organizationId)],
);

export const invites = pgTable(
  "invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: roleEnum("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedByUserId: uuid("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("invites_org_idx").on(t.organizationId)],
);

// The people an organisation calls. The dialer issue extends this with debts.
export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    externalRef: text("external_ref"),
    name: text("name").notNull(),
    phones: text("phones").array().notNull(),
    /** Each phone's line type where the numbering plan says (domain/phone-number.ts); older rows may lack some. */
    phoneLineTypes: jsonb("phone_line_types").$type<PhoneLineTypes>().notNull().default({}),
    timeZone: text("time_zone"),
    /** Where the consumer lives: a two-letter US state code (domain/us-states.ts); the recording disclosure reads it before the area code. */
    state: text("state"),
    balanceDueCents: bigint("balance_due_cents", { mode: "number" }).notNull().default(0),
    preferredLanguage: text("preferred_language").notNull().default("en"),
    doNotCall: boolean("do_not_call").notNull().default(false),
    /** true granted, false refused, null unknown (domain/consent.ts): never defaulted to true. */
    consent: boolean("consent"),
    lastContactedAt: timestamp("last_contacted_at", { withTimezone: true, mode: "date" }),
    /** Times the consumer said are inconvenient (compliance/types.ts InconvenientTime). */
    inconvenientTimes: jsonb("inconvenient_times").$type<InconvenientTime[]>().notNull().default([]),
    /** Lower-case labels a floor targets by (domain/segment-filters.ts accountTag). */
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /** The CSV import that last created or changed the account (its report's importBatchId). */
    importBatchId: uuid("import_batch_id"),
    /** When the person's data was erased on request (worker/privacy/): name and numbers are gone, the ledger stays. */
    erasedAt: timestamp("erased_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("accounts_org_idx").on(t.organizationId),
    index("accounts_tags_idx").using("gin", t.tags),
    uniqueIndex("accounts_org_external_ref_idx").on(t.organizationId, t.externalRef),
  ],
);

// A chunked account import (worker/routes/account-imports.ts): a file too large for one
// request arrives in numbered chunks, each planned and stored in its own transaction.
// The row keeps where the file has got to (the next chunk's index and first row) and the
// report so far, summed over the chunks (errors listed only up to a cap).
export const ACCOUNT_IMPORT_STATUSES = ["open", "finished"] as const;
export const accountImports = pgTable(
  "account_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdByApiKeyId: uuid("created_by_api_key_id").references(() => apiKeys.id, { onDelete: "set null" }),
    dryRun: boolean("dry_run").notNull(),
    status: text("status", { enum: ACCOUNT_IMPORT_STATUSES }).notNull().default("open"),
    fileName: text("file_name").notNull(),
    totalBytes: bigint("total_bytes", { mode: "number" }).notNull(),
    /** The file's header row, applied to every chunk. */
    header: text("header").notNull(),
    chunksDone: integer("chunks_done").notNull().default(0),
    /** The file row the next chunk must start on (the header is row 1). */
    nextRow: integer("next_row").notNull().default(2),
    /** The report so far (worker/accounts/import-report.ts ImportTally). */
    report: jsonb("report").notNull(),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("account_imports_org_idx").on(t.organizationId, t.createdAt)],
);

// Each chunk an import has applied, with its own report: a chunk sent again (a retry
// after a lost answer) is recognised by its index and text digest and answered from here.
export const accountImportChunks = pgTable(
  "account_import_chunks",
  {
    importId: uuid("import_id").notNull().references(() => accountImports.id, { onDelete: "cascade" }),
    index: integer("index").notNull(),
    firstRow: integer("first_row").notNull(),
    nextRow: integer("next_row").notNull(),
    csvSha256: text("csv_sha256").notNull(),
    report: jsonb("report").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.index] })],
);

// The account and debt references an import's earlier chunks accepted, and on which row:
// a reference given again in a later chunk is named as a repeat instead of being counted
// (or stored) twice. Deleted when the import finishes.
export const accountImportRefs = pgTable(
  "account_import_refs",
  {
    importId: uuid("import_id").notNull().references(() => accountImports.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["account", "debt"] }).notNull(),
    ref: text("ref").notNull(),
    row: integer("row").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.kind, t.ref] })],
);

// The debts an account owes. Regulation F counts call attempts per debt, so every
// dial names the debts it concerns (all open debts of the account).
export const debts = pgTable(
  "debts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    externalRef: text("external_ref"),
    creditor: text("creditor").notNull().default(""),
    balanceCents: bigint("balance_cents", { mode: "number" }).notNull().default(0),
    status: text("status", { enum: ["open", "disputed", "paid", "closed"] }).notNull().default("open"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("debts_account_idx").on(t.accountId),
    uniqueIndex("debts_org_external_ref_idx").on(t.organizationId, t.externalRef),
  ],
);

// Do-not-call entries: org-wide (campaign_id null) or for one campaign.
export const dncEntries = pgTable(
  "dnc_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid("campaign_id").references(() => campaigns.id, { onDelete: "cascade" }),
    phone: text("phone").notNull(),
    reason: text("reason").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    unique("dnc_entries_scope_phone_key").on(t.organizationId, t.campaignId, t.phone).nullsNotDistinct(),
    // A campaign confirms a batch of numbers before dialling them (org list and its own
    // list at once): the unique key above has campaign_id before phone, so it cannot.
    index("dnc_entries_org_phone_idx").on(t.organizationId, t.phone),
  ],
);

// Saved segments: a named set of filters over the organisation's accounts. Membership is
// never stored: it is whatever matches the filters when asked (a count in the editor, a
// campaign listing its leads), so a new account that matches joins at once.
export const segments = pgTable(
  "segments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    filters: jsonb("filters").$type<SegmentFilters>().notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("segments_org_idx").on(t.organizationId)],
);

// A report builder's saved report (domain/report-definition.ts), shared within its
// organisation: everyone may run and export it, supervisors and above edit it.
export const savedReports = pgTable(
  "saved_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    definition: jsonb("definition").$type<ReportDefinition>().notNull(),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("saved_reports_org_idx").on(t.organizationId, t.name)],
);

export const CAMPAIGN_STATUSES = ["draft", "running", "paused", "stopped"] as const;
export const PACING_MODES = ["preview", "progressive", "predictive", "payment_reminder", "ai_agent"] as const;

export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    status: text("status", { enum: CAMPAIGN_STATUSES }).notNull().default("draft"),
    pacingMode: text("pacing_mode", { enum: PACING_MODES }).notNull().default("progressive"),
    maxLinesPerAgent: doublePrecision("max_lines_per_agent").notNull().default(2.5),
    /** Percent of live-answered calls, ≤ 3 (the law's cap). */
    abandonCapPercent: doublePrecision("abandon_cap_percent").notNull().default(3),
    ringTimeoutSeconds: integer("ring_timeout_seconds").notNull().default(22),
    /** A narrower daily window in the callee's local time ("HH:MM"); the law's 08:00–21:00 always applies. */
    callingWindowFrom: text("calling_window_from").notNull().default("08:00"),
    callingWindowTo: text("calling_window_to").notNull().default("21:00"),
    voicemailScript: text("voicemail_script").notNull().default(""),
    safeHarborMessage: text("safe_harbor_message").notNull(),
    retryMaxAttempts: integer("retry_max_attempts").notNull().default(3),
    retrySpacingMinutes: integer("retry_spacing_minutes").notNull().default(60),
    /** Progressive and predictive pacing dial accounts of unknown consent only when this says so (domain/consent.ts). */
    dialUnknownConsent: boolean("dial_unknown_consent").notNull().default(false),
    /** Payment-reminder pacing: the calls kept in flight at once (no agents pace it; domain/payment-reminders.ts). */
    maxConcurrentCalls: integer("max_concurrent_calls").notNull().default(DEFAULT_CONCURRENT_CALLS),
    accountSelection: jsonb("account_selection").$type<AccountSelection>().notNull().default({}),
    /** The segment the campaign calls (its members resolved live); null: accountSelection decides. */
    segmentId: uuid("segment_id").references(() => segments.id, { onDelete: "restrict" }),
    agentUserIds: uuid("agent_user_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** Null: the organisation's wrap-up time (domain/wrap-up.ts). */
    wrapUpSeconds: integer("wrap_up_seconds"),
    endWrapUpOnSave: boolean("end_wrap_up_on_save").notNull().default(true),
    /** What one "I need more time" adds; 0: no extension. */
    wrapUpExtensionSeconds: integer("wrap_up_extension_seconds").notNull().default(0),
    /** The agent stays in wrap-up until each call's disposition is saved. */
    dispositionRequired: boolean("disposition_required").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    stoppedAt: timestamp("stopped_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("campaigns_org_idx").on(t.organizationId)],
);

export const CAMPAIGN_NOTICE_KINDS = ["dnc", "lead", "disposition"] as const;

// What a running or paused campaign must learn of a change made through the API (a
// number put on or taken off a do-not-call list, an account edited, a call's
// disposition). Written in the same transaction as the change, so it cannot be lost;
// the Worker delivers it at once, and a campaign that missed it pulls what is still
// undelivered (objects/campaign/notices.ts). `id` orders notices: a campaign applies one
// only if it is newer than the last it applied about the same `subject`.
export const campaignNotices = pgTable(
  "campaign_notices",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid("campaign_id").notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: CAMPAIGN_NOTICE_KINDS }).notNull(),
    /** What the notice is about ("dnc:org:+1555…", "lead:<account id>", "disposition:<call id>"). */
    subject: text("subject").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: createdAt(),
  },
  // Every row is a notice still to deliver: delivered ones are deleted, and a stopped
  // campaign's are deleted with the stop. A campaign's pull reads its own, oldest first.
  (t) => [index("campaign_notices_undelivered_idx").on(t.campaignId, t.id)],
);

// Every dial the compliance module refused, with the rule and when the lead may be
// dialled again: the compliance report's evidence. Written by the CampaignActor's
// outbox; the id is stable per (lead, refusal) so a retried flush is one row.
export const complianceSkips = pgTable(
  "compliance_skips",
  {
    id: text("id").primaryKey(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid("campaign_id").notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "set null" }),
    phone: text("phone").notNull(),
    reason: text("reason").notNull(),
    explanation: text("explanation").notNull(),
    nextEligibleAt: timestamp("next_eligible_at", { withTimezone: true, mode: "date" }),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
    /** The agent who caused the skip (domain/kpis.ts skipCausedBy): their own Dial refused for the time they waited; null: nobody's. */
    agentUserId: uuid("agent_user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("compliance_skips_campaign_idx").on(t.campaignId, t.occurredAt), index("compliance_skips_agent_idx").on(t.agentUserId, t.occurredAt)],
);

// Tamper-evident: each row's hash covers its content and the previous row's hash of
// the same organisation, so editing or deleting any row breaks the chain after it.
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
    /**
     * Set only between a row's insert and its transaction's commit: the hashed text
     * around the previous hash and the seq (chain.ts auditHashTemplate). At commit a
     * trigger takes the chain's lock, fills seq, prev_hash and hash, and clears these
     * (migrations/0004_audit_chain_trigger.sql).
     */
    chainHead: text("chain_head"),
    chainTail: text("chain_tail"),
  },
  (t) => [
    uniqueIndex("audit_log_org_seq_idx").on(t.organizationId, t.seq),
    // The audit viewer's filters (GET /api/audit): everything about one resource, or by one
    // actor, newest first, without walking the organisation's whole chain.
    index("audit_log_org_resource_idx").on(t.organizationId, t.resourceType, t.resourceId, t.seq),
    index("audit_log_org_actor_idx").on(t.organizationId, t.actorId, t.seq),
  ],
);

export const callStatusEnum = pgEnum("call_status", CALL_STATUSES);

// An organisation's phone numbers: the caller id for outbound calls and where
// inbound calls to it go (ring one agent, or play a message).
export const phoneNumbers = pgTable(
  "phone_numbers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    e164: text("e164").notNull().unique(),
    label: text("label").notNull(),
    inboundAction: text("inbound_action", { enum: INBOUND_ACTIONS }).notNull().default("message"),
    inboundAgentUserId: uuid("inbound_agent_user_id").references(() => users.id, { onDelete: "set null" }),
    inboundMessage: text("inbound_message").notNull().default("Thank you for calling. Nobody can take your call right now."),
    /** inbound_action "queue": the queue its callers wait in, and their priority there (higher first). */
    inboundQueueId: uuid("inbound_queue_id").references(() => inboundQueues.id, { onDelete: "restrict" }),
    inboundQueuePriority: integer("inbound_queue_priority").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("phone_numbers_org_idx").on(t.organizationId)],
);

// An organisation's inbound queues (domain/inbound-queues.ts): hours, members with skills
// and levels, priority, routing and what a closed or overflowing queue does with a caller.
// Each queue's live state (who waits, who answered) is its QueueActor's.
export const inboundQueues = pgTable(
  "inbound_queues",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    priority: integer("priority").notNull(),
    hours: jsonb("hours").$type<QueueHours>().notNull(),
    members: jsonb("members").$type<QueueMember[]>().notNull(),
    requiredSkills: jsonb("required_skills").$type<SkillLevels>().notNull(),
    routeByLanguage: boolean("route_by_language").notNull(),
    skillRelaxSeconds: integer("skill_relax_seconds").notNull(),
    serviceLevelSeconds: integer("service_level_seconds").notNull(),
    maxWaitSeconds: integer("max_wait_seconds").notNull(),
    maxWaiting: integer("max_waiting").notNull(),
    holdMessage: text("hold_message").notNull(),
    closedAction: jsonb("closed_action").$type<QueueFallback>().notNull(),
    overflowAction: jsonb("overflow_action").$type<QueueFallback>().notNull(),
    callback: jsonb("callback").$type<QueueCallbackPolicy>().notNull().default({ offered: true, attempts: 3, retrySeconds: 120 }),
    /** The agent's ring (accept / reject on the console); null: the chosen agent is connected at once. */
    agentRing: jsonb("agent_ring").$type<AgentRingPolicy>(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("inbound_queues_org_name_idx").on(t.organizationId, t.name)],
);


// An organisation's IVR settings (domain/ivr-settings.ts): what its menu says in each
// language, and how long a caller holds for a payment. No row: the defaults.
export const organizationIvrSettings = pgTable("organization_ivr_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  settings: jsonb("settings").$type<IvrSettings>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

// An organisation's AI voice agent settings (domain/ai-agent-settings.ts), one JSON
// document set by its admins; an AI call copies them into its spec when it starts.
export const organizationAiAgentSettings = pgTable("organization_ai_agent_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  settings: jsonb("settings").$type<AiAgentSettings>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

// A callback a caller asked for on their account (the IVR: no agent was free, they
// pressed 1). Written by the call's actor through its outbox, one per call.
export const accountCallbacks = pgTable(
  "account_callbacks",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    callId: uuid("call_id").notNull(),
    /** Where to call back: the number the caller called from. */
    phone: text("phone").notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true, mode: "date" }).notNull(),
    /** Set once an agent called back (not yet: the callback list is read over the API). */
    doneAt: timestamp("done_at", { withTimezone: true, mode: "date" }),
    /** When the caller asked to be called back (the AI agent books a time; the IVR does not). */
    callbackAt: timestamp("callback_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("account_callbacks_call_idx").on(t.callId), index("account_callbacks_org_account_idx").on(t.organizationId, t.accountId)],
);

// One row per call, written by the call's actor through its outbox. `version` only
// grows, so a late flush of an older state never overwrites a newer one.
export const calls = pgTable(
  "calls",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    direction: text("direction", { enum: ["outbound", "inbound"] }).notNull(),
    kind: text("kind", { enum: ["direct", "bridge", "inbound", "dialer"] }).notNull(),
    toNumber: text("to_number").notNull(),
    fromNumber: text("from_number").notNull(),
    agentUserId: uuid("agent_user_id").references(() => users.id, { onDelete: "set null" }),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "set null" }),
    status: callStatusEnum("status").notNull(),
    amdResult: text("amd_result"),
    hangupCause: text("hangup_cause"),
    hangupSource: text("hangup_source"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true, mode: "date" }),
    bridgedAt: timestamp("bridged_at", { withTimezone: true, mode: "date" }),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    durationSeconds: integer("duration_seconds"),
    timeline: jsonb("timeline").notNull().default([]),
    notes: text("notes").notNull().default(""),
    disposition: text("disposition"),
    dispositionAt: timestamp("disposition_at", { withTimezone: true, mode: "date" }),
    /** Promise to pay (date, amount) or callback (time) the agent recorded with the disposition. */
    dispositionDetails: jsonb("disposition_details").$type<DispositionDetails>(),
    /**
     * Grows by one with each save of notes or disposition (PATCH /api/calls/:id): a save made
     * against an older one was edited elsewhere meanwhile and is refused. Not `version`,
     * which the call's actor owns.
     */
    annotationVersion: integer("annotation_version").notNull().default(0),
    /** When the last save of notes or disposition was, and who made it (their name then). */
    annotatedAt: timestamp("annotated_at", { withTimezone: true, mode: "date" }),
    annotatedByName: text("annotated_by_name"),
    campaignId: uuid("campaign_id").references(() => campaigns.id, { onDelete: "set null" }),
    /** The debts this call concerned: Regulation F counts attempts per debt. */
    debtIds: uuid("debt_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** A live person answered (AMD human or not sure). */
    liveAnswered: boolean("live_answered").notNull().default(false),
    /** A live person answered and no agent was connected within 2 s: the safe-harbor message played. */
    abandoned: boolean("abandoned").notNull().default(false),
    /** What the call was: dialer, preview, manual or inbound (domain/call-outcome.ts); set on every new row. */
    origin: text("origin", { enum: CALL_ORIGINS }),
    /** How it ended (connected, abandoned, voicemail left, …): null while in progress. */
    outcome: text("outcome", { enum: CALL_OUTCOMES }),
    /** The client's Idempotency-Key for POST /api/calls: a retried request returns the same call. */
    idempotencyKey: text("idempotency_key"),
    version: integer("version").notNull(),
  },
  (t) => [
    index("calls_org_created_idx").on(t.organizationId, t.createdAt),
    index("calls_org_agent_idx").on(t.organizationId, t.agentUserId),
    index("calls_campaign_idx").on(t.campaignId, t.createdAt),
    index("calls_account_idx").on(t.accountId, t.createdAt),
    index("calls_org_outcome_idx").on(t.organizationId, t.outcome, t.createdAt),
    uniqueIndex("calls_org_idempotency_key_idx").on(t.organizationId, t.idempotencyKey),
  ],
);

// Every event a call received or raised, keyed per call by the event's id (so a
// duplicate delivery is one row). Per call: the carrier's ids are unique everywhere, but
// the events the engine raises itself are named by what they are ("wib.queue:answered"),
// the same in every call, and keyed by id alone only the first call's was ever kept.
export const callEvents = pgTable(
  "call_events",
  {
    id: text("id").notNull(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    callId: uuid("call_id").notNull().references(() => calls.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    leg: text("leg").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
    payload: jsonb("payload").notNull(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.id] })],
);

export const transcriptSegments = pgTable(
  "transcript_segments",
  {
    id: text("id").primaryKey(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    callId: uuid("call_id").notNull().references(() => calls.id, { onDelete: "cascade" }),
    track: text("track", { enum: ["inbound", "outbound"] }).notNull(),
    text: text("text").notNull(),
    confidence: integer("confidence_pct"),
    /** The language the segment was said in (ISO 639-1), as live intelligence detected it; null when it could not tell. */
    language: text("language"),
    /** Who said it (domain/transcript-speaker.ts); null on lines stored before it was kept (read by track). */
    speaker: text("speaker", { enum: TRANSCRIPT_SPEAKERS }),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("transcript_segments_call_idx").on(t.callId, t.occurredAt)],
);

/**
 * Supervisor alerts live intelligence raised on a call (objects/call/features/intelligence):
 * one row per condition per call (the id is the alert event's), each with an audit row
 * when first written; the organisation's outbound webhooks deliver them from here.
 */
export const callAlerts = pgTable(
  "call_alerts",
  {
    id: text("id").primaryKey(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    callId: uuid("call_id").notNull().references(() => calls.id, { onDelete: "cascade" }),
    /** cease_contact, legal_threat, low_sentiment, objection. */
    rule: text("rule").notNull(),
    /** The condition (one alert per key per call), e.g. objection:cant_afford. */
    key: text("key").notNull(),
    segmentId: text("segment_id").notNull(),
    message: text("message").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("call_alerts_org_idx").on(t.organizationId, t.occurredAt), index("call_alerts_call_idx").on(t.callId)],
);

// The call steps already in the audit log (the IVR's, objects/call/features/ivr/ivr-state.ts
// `trail`): a call's outbox may deliver a step twice (a flush retried after its commit), and
// the audit chain is append-only, so a step's key is claimed here in the transaction that
// writes its audit row (db/writers/call-rows.ts), and a second delivery adds nothing.
export const callAuditedSteps = pgTable(
  "call_audited_steps",
  {
    /** `<callId>:<step key>`. */
    id: text("id").primaryKey(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    callId: uuid("call_id").notNull().references(() => calls.id, { onDelete: "cascade" }),
    auditedAt: timestamp("audited_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("call_audited_steps_call_idx").on(t.callId)],
);

// Live intelligence's settings (domain/intelligence-settings.ts): the organisation's
// translation and objection phrases, and a campaign's own translation (none: the
// organisation's). Read by each call when it starts (objects/call/features/intelligence).
export const organizationIntelligenceSettings = pgTable("organization_intelligence_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  settings: jsonb("settings").$type<IntelligenceSettings>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export const campaignTranslationSettings = pgTable("campaign_translation_settings", {
  campaignId: uuid("campaign_id")
    .primaryKey()
    .references(() => campaigns.id, { onDelete: "cascade" }),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" }),
  settings: jsonb("settings").$type<TranslationSettings>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** One transcript segment's translation (the id is the segment's), written once by the call's actor. */
export const segmentTranslations = pgTable(
  "segment_translations",
  {
    segmentId: text("segment_id").primaryKey(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    callId: uuid("call_id").notNull().references(() => calls.id, { onDelete: "cascade" }),
    /** The language the line was read as (ISO 639-1); null when the model was left to tell. */
    sourceLanguage: text("source_language"),
    targetLanguage: text("target_language").notNull(),
    text: text("text").notNull(),
    model: text("model").notNull(),
    latencyMs: integer("latency_ms").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("segment_translations_call_idx").on(t.callId)],
);

/** The summary written when a call ends (one per call), by the model through the call's actor. */
export const callSummaries = pgTable("call_summaries", {
  callId: uuid("call_id")
    .primaryKey()
    .references(() => calls.id, { onDelete: "cascade" }),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
  text: text("text").notNull(),
  model: text("model").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
});

/**
 * The customer's sentiment over a whole call (objects/call/features/intelligence), written
 * once a little after it ended, offline: the mean, lowest and highest of their segments'
 * scores (−1..1), how many segments were scored, the objections they raised and the
 * supervisor alerts the call raised.
 */
export const callSentimentSummaries = pgTable("call_sentiment_summaries", {
  callId: uuid("call_id")
    .primaryKey()
    .references(() => calls.id, { onDelete: "cascade" }),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
  averageScore: doublePrecision("average_score").notNull(),
  minScore: doublePrecision("min_score").notNull(),
  maxScore: doublePrecision("max_score").notNull(),
  scoredSegments: integer("scored_segments").notNull(),
  objections: integer("objections").notNull(),
  alerts: integer("alerts").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
});

export const recordings = pgTable(
  "recordings",
  {
    id: text("id").primaryKey(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    callId: uuid("call_id").notNull().references(() => calls.id, { onDelete: "cascade" }),
    storageKey: text("storage_key").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("recordings_call_idx").on(t.callId)],
);


// Outbound webhooks (Standard Webhooks). An endpoint is an organisation's subscription:
// a URL, the event types it receives, and its signing secret (whsec_…, shown once; kept
// here because every delivery is signed with it). During a rotation the previous secret
// signs too, until `previousSecretExpiresAt`.
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    /** Types ("call.completed"), families ("campaign.*") or "*" (domain/webhook-events.ts). */
    eventTypes: text("event_types").array().notNull(),
    description: text("description").notNull().default(""),
    enabled: boolean("enabled").notNull().default(true),
    /** Why it was disabled: "manual", "gone" (the receiver answered 410) or "failing" (3 days of failures). */
    disabledReason: text("disabled_reason"),
    disabledAt: timestamp("disabled_at", { withTimezone: true, mode: "date" }),
    secret: text("secret").notNull(),
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true, mode: "date" }),
    /** The first failure since the last success; null while it succeeds. */
    failingSince: timestamp("failing_since", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("webhook_endpoints_org_idx").on(t.organizationId)],
);

// One event to send, written in the same transaction as the change it reports (the
// outbox the dispatcher reads): its id is the `webhook-id` every attempt and replay
// carries, so receivers deduplicate by it. `dedupeKey` makes a source that writes the
// same fact twice (a call row flushed again after it ended) one message.
export const webhookMessages = pgTable(
  "webhook_messages",
  {
    id: text("id").primaryKey(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    /** The exact JSON body sent ({ type, timestamp, data }): signed over as stored. */
    body: text("body").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [uniqueIndex("webhook_messages_dedupe_idx").on(t.organizationId, t.dedupeKey)],
);

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

// A message on its way to one endpoint: pending until it succeeds or its attempts run
// out; a replay makes it pending again (same message, same webhook-id).
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    endpointId: uuid("endpoint_id").notNull().references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    messageId: text("message_id").notNull().references(() => webhookMessages.id, { onDelete: "cascade" }),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    /** Attempts in the current round (a replay starts a new round). */
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_message_idx").on(t.endpointId, t.messageId),
    index("webhook_deliveries_due_idx").on(t.organizationId, t.nextAttemptAt).where(sql`status = 'pending'`),
    index("webhook_deliveries_endpoint_created_idx").on(t.endpointId, t.createdAt),
  ],
);

// The delivery log: every attempt, what was answered and how long it took.
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    deliveryId: uuid("delivery_id").notNull().references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    responseStatus: integer("response_status"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.id)],
);


export type CallStatus = (typeof callStatusEnum.enumValues)[number];

// The payments ledger: one row per Stripe payment (its PaymentIntent), written by the
// Stripe webhook (db/writers/payment-ledger.ts) in the same transaction that lowers the
// account's and the debt's balances. The unique PaymentIntent id makes a second entry
// for the same payment impossible, whichever event (or copy of it) arrives first.
// Refunds and disputes raise the balances back by what they add (refunded_cents and
// disputed_cents only grow). call_id is not a foreign key: the call's row reaches
// Postgres through its actor's outbox and may land after the payment.
export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    // No cascade: a ledger entry outlives nothing but its organisation.
    accountId: uuid("account_id").notNull().references(() => accounts.id),
    debtId: uuid("debt_id").references(() => debts.id),
    callId: uuid("call_id"),
    /** The request on the call that asked for the link (`ivr-pay-1`, `agent-<commandId>`). */
    requestId: text("request_id"),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    method: text("method", { enum: PAYMENT_METHODS }).notNull(),
    stripeCheckoutSessionId: text("stripe_checkout_session_id"),
    stripePaymentIntentId: text("stripe_payment_intent_id").notNull(),
    status: text("status", { enum: PAYMENT_STATUSES }).notNull().default("succeeded"),
    refundedCents: bigint("refunded_cents", { mode: "number" }).notNull().default(0),
    disputedCents: bigint("disputed_cents", { mode: "number" }).notNull().default(0),
    receiptNumber: text("receipt_number"),
    receiptUrl: text("receipt_url"),
    paidAt: timestamp("paid_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payments_stripe_payment_intent_idx").on(t.stripePaymentIntentId),
    index("payments_org_paid_idx").on(t.organizationId, t.paidAt),
    index("payments_account_idx").on(t.accountId),
  ],
);

// The receipt text of a payment (issue 11): an outbox row written in the ledger entry's
// own transaction, keyed by the payment (its stable id), so however many of the
// payment's webhooks arrive it is one text. `sending` is claimed before the carrier is
// asked; a text whose outcome was lost stays `sending` rather than risk a second text.
export const paymentReceipts = pgTable("payment_receipts", {
  paymentId: uuid("payment_id")
    .primaryKey()
    .references(() => payments.id, { onDelete: "cascade" }),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
  toNumber: text("to_number").notNull(),
  fromNumber: text("from_number").notNull(),
  text: text("text").notNull(),
  status: text("status", { enum: RECEIPT_SMS_STATUSES }).notNull().default("pending"),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
  messageId: text("message_id"),
  sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

// Teams (domain/teams.ts): a name, its supervisors and its members. An agent is a member of
// at most one team of an organisation (the partial unique index), so a call's team is the
// team of its agent; a supervisor may lead several.
export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("teams_org_name_idx").on(t.organizationId, sql`lower(${t.name})`)],
);

export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid("team_id").notNull().references(() => teams.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: TEAM_ROLES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    uniqueIndex("team_members_one_team_per_member_idx").on(t.organizationId, t.userId).where(sql`role = 'member'`),
  ],
);

// Agents' presence history: one span per state an agent was in (domain/agent-presence.ts),
// written by the AgentPoolActor through its outbox (db/writers/presence-spans.ts): a span
// is stored open (no end) when it begins and given its end when the next begins, keyed by
// its start, so a repeated write is the same row. The presence KPIs (occupancy, idle,
// contacts per agent hour) cut these spans at the report's day boundaries. No foreign key
// to users: the history outlives a person's membership, as their calls do.
export const agentPresenceSpans = pgTable(
  "agent_presence_spans",
  {
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull(),
    status: text("status", { enum: AGENT_PRESENCE_STATUSES }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull(),
    /** Null while the agent is still in this state. */
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.userId, t.startedAt] }),
    // A period's spans: those begun before its end and not ended before its start.
    index("agent_presence_spans_org_started_idx").on(t.organizationId, t.startedAt),
    index("agent_presence_spans_org_ended_idx").on(t.organizationId, t.endedAt),
  ],
);

// QA: the organisation's scorecard criteria (domain/scorecard.ts; none stored = the
// defaults), its evaluation forms (domain/qa-form.ts) and reviewers' evaluations of calls.
export const qaScorecardSettings = pgTable("qa_scorecard_settings", {
  organizationId: uuid("organization_id").primaryKey().references(() => organizations.id, { onDelete: "cascade" }),
  criteria: jsonb("criteria").$type<ScorecardCriterion[]>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export const qaForms = pgTable(
  "qa_forms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    /**
     * The form's versions share a lineage: the first version's id. A version is never
     * edited: a change is a new version, so an evaluation's answers keep meaning what
     * they meant against the version it was scored with.
     */
    lineageId: uuid("lineage_id").notNull(),
    version: integer("version").notNull().default(1),
    name: text("name").notNull(),
    sections: jsonb("sections").$type<EvaluationSection[]>().notNull(),
    /** The next version, once there is one: only the latest scores new calls. */
    supersededById: uuid("superseded_by_id").references((): AnyPgColumn => qaForms.id, { onDelete: "set null" }),
    /** Set on every version of a retired form: it scores no new call; its evaluations stay. */
    retiredAt: timestamp("retired_at", { withTimezone: true, mode: "date" }),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("qa_forms_org_idx").on(t.organizationId, t.name), uniqueIndex("qa_forms_lineage_version_idx").on(t.lineageId, t.version)],
);

export const qaEvaluations = pgTable(
  "qa_evaluations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    callId: uuid("call_id").notNull().references(() => calls.id, { onDelete: "cascade" }),
    /** The call's agent when it was scored: whose scorecard it counts on. */
    agentUserId: uuid("agent_user_id").references(() => users.id, { onDelete: "set null" }),
    /** A form with evaluations is kept: their answers mean something only against it. */
    formId: uuid("form_id").notNull().references(() => qaForms.id, { onDelete: "restrict" }),
    /** The form's lineage (qa_forms.lineage_id): one evaluation of a call per form, whichever its version. */
    formLineageId: uuid("form_lineage_id").notNull(),
    reviewerUserId: uuid("reviewer_user_id").references(() => users.id, { onDelete: "set null" }),
    answers: jsonb("answers").$type<EvaluationAnswers>().notNull(),
    comments: text("comments").notNull().default(""),
    /** domain/qa-form.ts scoreEvaluation's total; null when nothing was applicable. */
    totalPercent: doublePrecision("total_percent"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("qa_evaluations_call_form_lineage_idx").on(t.callId, t.formLineageId),
    index("qa_evaluations_org_agent_idx").on(t.organizationId, t.agentUserId, t.createdAt),
  ],
);

// An organisation's retention policy (domain/retention.ts): days each kind of data is kept,
// one JSON document set by its admins; the scheduled job (worker/retention/) deletes what is due.
export const organizationRetentionPolicies = pgTable("organization_retention_policies", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  policy: jsonb("policy").$type<RetentionPolicy>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

// Legal holds: an account or a call kept whatever the retention policy says, and never
// erased, while the hold stands (lifted_at null). Placed and lifted with a reason, each
// audited; a lifted hold stays as the record of why the data was kept.
export const legalHolds = pgTable(
  "legal_holds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    subjectType: text("subject_type", { enum: LEGAL_HOLD_SUBJECTS }).notNull(),
    /** The account's or call's id: not a foreign key, a hold may name a call whose row has not landed yet. */
    subjectId: uuid("subject_id").notNull(),
    reason: text("reason").notNull(),
    placedByUserId: uuid("placed_by_user_id").references(() => users.id, { onDelete: "set null" }),
    placedAt: timestamp("placed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    liftedAt: timestamp("lifted_at", { withTimezone: true, mode: "date" }),
    liftedByUserId: uuid("lifted_by_user_id").references(() => users.id, { onDelete: "set null" }),
    liftReason: text("lift_reason"),
  },
  (t) => [
    index("legal_holds_org_idx").on(t.organizationId, t.placedAt),
    // One standing hold per subject: placing a second is a 409 naming the first.
    uniqueIndex("legal_holds_active_subject_idx").on(t.organizationId, t.subjectType, t.subjectId).where(sql`lifted_at IS NULL`),
  ],
);

// An organisation's Stripe subscription (domain/billing-plans.ts): the plan it buys and
// Stripe's status, as Stripe last told us (worker/billing/subscription-sync.ts keeps
// the newest-created live subscription). No row: the organisation never subscribed and is
// on the unsubscribed plan.
export const billingSubscriptions = pgTable("billing_subscriptions", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  plan: text("plan", { enum: PLAN_IDS }).notNull(),
  status: text("status", { enum: SUBSCRIPTION_STATUSES }).notNull(),
  stripeCustomerId: text("stripe_customer_id").notNull(),
  stripeSubscriptionId: text("stripe_subscription_id").notNull(),
  /** Stripe's `created` of the subscription: of two live ones, the newer is the organisation's. */
  subscriptionCreatedAt: timestamp("subscription_created_at", { withTimezone: true, mode: "date" }).notNull(),
  /** When the Checkout that sold it was opened: of two created in one Stripe second, the later-opened is kept. */
  checkoutOpenedAt: timestamp("checkout_opened_at", { withTimezone: true, mode: "date" }),
  currentPeriodStart: timestamp("current_period_start", { withTimezone: true, mode: "date" }),
  currentPeriodEnd: timestamp("current_period_end", { withTimezone: true, mode: "date" }),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/**
 * Usage above a plan's included minutes reported to Stripe's meter (domain/billing-overage.ts),
 * one row per meter event: written before the event is sent, marked when Stripe accepted it.
 * The id is the event's identifier, so a resend after a crash or a failure is the same
 * event to Stripe; a period's reported minutes are the sum of its rows.
 */
export const billingUsageReports = pgTable(
  "billing_usage_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    stripeSubscriptionId: text("stripe_subscription_id").notNull(),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    /** The billing period the minutes belong to (the subscription's current_period_start then). */
    periodStart: timestamp("period_start", { withTimezone: true, mode: "date" }).notNull(),
    minutes: integer("minutes").notNull(),
    /** The meter event's timestamp, fixed when the row is written so every resend is the same event. */
    eventAt: timestamp("event_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** When Stripe accepted the event; null: still to send. */
    reportedAt: timestamp("reported_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("billing_usage_reports_period_idx").on(t.organizationId, t.stripeSubscriptionId, t.periodStart)],
);
