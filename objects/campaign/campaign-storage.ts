// The CampaignActor's SQLite storage: the lead queue, the calls in flight, the contact
// history compliance needs, do-not-call numbers, per-day counters, the last hour's
// chart points and an outbox to Postgres. Every query a pacing tick runs is bounded
// by an index and a LIMIT, so a tick costs O(agents + calls in flight), never O(leads):
// deferred leads come back through their own index, and the next lead to dial is the
// first row of the ready index.
import type { ContactAttempt, ContactHistory, Conversation } from "./compliance/types";
import { runSqliteMigrations } from "../shared/sqlite-migrations";
import type { LeadNext } from "./lead-rules";
import type { CallSpec } from "../call/call-spec";
import type { CampaignCallPhase, LeadInput } from "./protocol";

const MIGRATIONS = [
  { id: "0001-campaign", sql: `CREATE TABLE leads (
     account_id TEXT PRIMARY KEY, json TEXT NOT NULL, state TEXT NOT NULL,
     callback INTEGER NOT NULL DEFAULT 0, balance INTEGER NOT NULL, last_contacted_ms INTEGER NOT NULL,
     next_at_ms INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,
     bad_phones TEXT NOT NULL DEFAULT '[]', done_reason TEXT);
   CREATE INDEX leads_ready ON leads (state, callback DESC, balance DESC, last_contacted_ms ASC);
   CREATE INDEX leads_due ON leads (state, next_at_ms);
   CREATE TABLE history (call_id TEXT NOT NULL, kind TEXT NOT NULL, account_id TEXT NOT NULL, at_ms INTEGER NOT NULL,
     debt_ids TEXT NOT NULL, phone TEXT NOT NULL, campaign_id TEXT NOT NULL, PRIMARY KEY (call_id, kind));
   CREATE INDEX history_account ON history (account_id, at_ms);
   CREATE TABLE dnc (scope TEXT NOT NULL, phone TEXT NOT NULL, PRIMARY KEY (scope, phone));
   CREATE TABLE calls (call_id TEXT PRIMARY KEY, account_id TEXT NOT NULL, phone TEXT NOT NULL, phase TEXT NOT NULL,
     since_ms INTEGER NOT NULL, dialed_at_ms INTEGER NOT NULL, agent_user_id TEXT,
     spec TEXT NOT NULL, started INTEGER NOT NULL DEFAULT 0);
   CREATE TABLE resolved (call_id TEXT PRIMARY KEY, at_ms INTEGER NOT NULL);
   CREATE TABLE days (day TEXT PRIMARY KEY, dials INTEGER NOT NULL DEFAULT 0, resolved INTEGER NOT NULL DEFAULT 0,
     live_answered INTEGER NOT NULL DEFAULT 0, abandoned INTEGER NOT NULL DEFAULT 0, conversations INTEGER NOT NULL DEFAULT 0,
     handle_seconds REAL NOT NULL DEFAULT 0);
   CREATE TABLE skip_counts (day TEXT NOT NULL, reason TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, reason));
   CREATE TABLE points (minute INTEGER PRIMARY KEY, json TEXT NOT NULL);
   CREATE TABLE outbox (key TEXT PRIMARY KEY, json TEXT NOT NULL);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE lead_counts (state TEXT PRIMARY KEY, n INTEGER NOT NULL);
   CREATE TRIGGER leads_counted_insert AFTER INSERT ON leads BEGIN
     INSERT INTO lead_counts (state, n) VALUES (NEW.state, 1) ON CONFLICT (state) DO UPDATE SET n = n + 1;
   END;
   CREATE TRIGGER leads_counted_update AFTER UPDATE OF state ON leads WHEN OLD.state <> NEW.state BEGIN
     UPDATE lead_counts SET n = n - 1 WHERE state = OLD.state;
     INSERT INTO lead_counts (state, n) VALUES (NEW.state, 1) ON CONFLICT (state) DO UPDATE SET n = n + 1;
   END;` },
  // Preview pacing: the lead held for each agent (at most one per agent, one agent per lead).
  { id: "0002-preview-offers", sql: `CREATE TABLE offers (user_id TEXT PRIMARY KEY, account_id TEXT NOT NULL UNIQUE, offered_at_ms INTEGER NOT NULL);` },
  // Campaign notices (notices.ts): the newest notice applied per subject, so a repeated or late one is not applied again.
  {
    id: "0003-notice-subjects",
    sql: `CREATE TABLE notice_subjects (subject TEXT PRIMARY KEY, notice_id INTEGER NOT NULL, at_ms INTEGER NOT NULL);
   CREATE INDEX notice_subjects_at ON notice_subjects (at_ms);`,
  },
] as const;

/** offered: held for one agent by preview pacing until they dial or skip it. */
export type LeadState = "ready" | "offered" | "deferred" | "dialing" | "done";

export interface HeldOffer {
  userId: string;
  accountId: string;
  offeredAtMs: number;
}

export interface StoredLead {
  input: LeadInput;
  state: LeadState;
  attempts: number;
  badPhones: string[];
}

export interface InFlightCall {
  callId: string;
  accountId: string;
  phone: string;
  phase: CampaignCallPhase;
  sinceMs: number;
  dialedAtMs: number;
  agentUserId: string | null;
}

export interface DayCounts {
  dials: number;
  resolved: number;
  liveAnswered: number;
  abandoned: number;
  conversations: number;
  handleSeconds: number;
}

/** The order phases happen in: a late report of an earlier phase never moves a call back. */
const PHASE_RANK: Record<CampaignCallPhase, number> = { ringing: 0, amd: 1, voicemail: 2, waiting: 2, connected: 3, safe_harbor: 3, ended: 4 };

type LeadRow = { account_id: string; json: string; state: LeadState; attempts: number; bad_phones: string };
type CallRow = { call_id: string; account_id: string; phone: string; phase: CampaignCallPhase; since_ms: number; dialed_at_ms: number; agent_user_id: string | null };

export class CampaignStorage {
  constructor(private readonly sql: SqlStorage) {
    runSqliteMigrations(sql, MIGRATIONS);
  }

  // ---- meta ----------------------------------------------------------------------

  meta<T>(key: string): T | null {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  deleteMeta(key: string): void {
    this.sql.exec("DELETE FROM meta WHERE key = ?", key);
  }

  setMeta(key: string, value: unknown): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, JSON.stringify(value));
  }

  // ---- leads ---------------------------------------------------------------------

  /** Adds leads not already queued (a second start never re-adds or resets a lead). */
  addLeads(leads: readonly LeadInput[]): number {
    let added = 0;
    for (const lead of leads) {
      const cursor = this.sql.exec(
        `INSERT INTO leads (account_id, json, state, balance, last_contacted_ms) VALUES (?, ?, 'ready', ?, ?) ON CONFLICT (account_id) DO NOTHING`,
        lead.accountId,
        JSON.stringify(lead),
        lead.balanceDueCents,
        lead.lastContactedAtMs ?? 0,
      );
      added += cursor.rowsWritten;
    }
    return added;
  }

  /** Deferred leads whose time has come go back to the ready queue (a bounded batch per call). */
  releaseDueLeads(nowMs: number, limit: number): number {
    return this.sql.exec(
      `UPDATE leads SET state = 'ready' WHERE account_id IN (SELECT account_id FROM leads WHERE state = 'deferred' AND next_at_ms <= ? ORDER BY next_at_ms LIMIT ?)`,
      nowMs,
      limit,
    ).rowsWritten;
  }

  /** The best lead to dial: callbacks due first, then the highest balance, then the longest since contact. */
  nextReadyLead(): StoredLead | null {
    const row = this.sql
      .exec<LeadRow>("SELECT * FROM leads WHERE state = 'ready' ORDER BY callback DESC, balance DESC, last_contacted_ms ASC LIMIT 1")
      .toArray()[0];
    return row ? toLead(row) : null;
  }

  /** New account details for a queued lead; its place in the queue (state, attempts) stays. */
  updateLeadInput(lead: LeadInput): void {
    this.sql.exec("UPDATE leads SET json = ?, balance = ? WHERE account_id = ?", JSON.stringify(lead), lead.balanceDueCents, lead.accountId);
  }

  lead(accountId: string): StoredLead | null {
    const row = this.sql.exec<LeadRow>("SELECT * FROM leads WHERE account_id = ?", accountId).toArray()[0];
    return row ? toLead(row) : null;
  }

  markDialing(accountId: string, nowMs: number): void {
    this.sql.exec("UPDATE leads SET state = 'dialing', attempts = attempts + 1, callback = 0, last_contacted_ms = ? WHERE account_id = ?", nowMs, accountId);
  }

  moveLead(accountId: string, next: LeadNext, badPhone: string | null = null): void {
    if (badPhone) {
      const lead = this.lead(accountId);
      if (lead && !lead.badPhones.includes(badPhone)) {
        this.sql.exec("UPDATE leads SET bad_phones = ? WHERE account_id = ?", JSON.stringify([...lead.badPhones, badPhone]), accountId);
      }
    }
    switch (next.state) {
      case "ready":
        this.sql.exec("UPDATE leads SET state = 'ready', done_reason = NULL WHERE account_id = ?", accountId);
        return;
      case "deferred":
        this.sql.exec(
          "UPDATE leads SET state = 'deferred', next_at_ms = ?, callback = ?, done_reason = NULL WHERE account_id = ?",
          next.atMs,
          next.callback ? 1 : 0,
          accountId,
        );
        return;
      case "done":
        this.sql.exec("UPDATE leads SET state = 'done', done_reason = ? WHERE account_id = ?", next.reason, accountId);
        return;
    }
  }

  /** Leads still to dial, now or later: kept by triggers, so reading it never scans the queue. */
  queueLeft(): number {
    return this.sql.exec<{ n: number }>("SELECT COALESCE(SUM(n), 0) AS n FROM lead_counts WHERE state IN ('ready', 'offered', 'deferred')").one().n;
  }

  // ---- preview offers (bounded by the campaign's agents) -------------------------

  /** Holds a ready lead for one agent: no tick and no other agent takes it meanwhile. */
  holdOffer(userId: string, accountId: string, nowMs: number): void {
    this.sql.exec("UPDATE leads SET state = 'offered' WHERE account_id = ?", accountId);
    this.sql.exec("INSERT INTO offers (user_id, account_id, offered_at_ms) VALUES (?, ?, ?)", userId, accountId, nowMs);
  }

  offers(): HeldOffer[] {
    return this.sql
      .exec<{ user_id: string; account_id: string; offered_at_ms: number }>("SELECT * FROM offers ORDER BY offered_at_ms")
      .toArray()
      .map((r) => ({ userId: r.user_id, accountId: r.account_id, offeredAtMs: r.offered_at_ms }));
  }

  offerOf(accountId: string): HeldOffer | null {
    const row = this.sql
      .exec<{ user_id: string; account_id: string; offered_at_ms: number }>("SELECT * FROM offers WHERE account_id = ?", accountId)
      .toArray()[0];
    return row ? { userId: row.user_id, accountId: row.account_id, offeredAtMs: row.offered_at_ms } : null;
  }

  /** Lets go of an offer; the lead goes back to the queue unless it was dialled or moved meanwhile. */
  releaseOffer(accountId: string): void {
    this.sql.exec("DELETE FROM offers WHERE account_id = ?", accountId);
    this.sql.exec("UPDATE leads SET state = 'ready' WHERE account_id = ? AND state = 'offered'", accountId);
  }

  /** The offer is acted on (dialled, skipped, refused): the caller moves the lead. */
  dropOffer(accountId: string): void {
    this.sql.exec("DELETE FROM offers WHERE account_id = ?", accountId);
  }

  // ---- contact history (compliance) ------------------------------------------------

  addHistory(kind: "attempt" | "conversation", callId: string, accountId: string, atMs: number, debtIds: readonly string[], phone: string, campaignId: string): void {
    this.sql.exec(
      "INSERT INTO history (call_id, kind, account_id, at_ms, debt_ids, phone, campaign_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      callId,
      kind,
      accountId,
      atMs,
      JSON.stringify(debtIds),
      phone,
      campaignId,
    );
  }

  /** What Regulation F looks back at for one account (the last 8 days), and this campaign's attempt count. */
  contactHistory(accountId: string, sinceMs: number, campaignAttemptCount: number): ContactHistory {
    const rows = this.sql
      .exec<{ kind: string; at_ms: number; debt_ids: string; phone: string; campaign_id: string }>(
        "SELECT kind, at_ms, debt_ids, phone, campaign_id FROM history WHERE account_id = ? AND at_ms >= ?",
        accountId,
        sinceMs,
      )
      .toArray();
    const attempts: ContactAttempt[] = [];
    const conversations: Conversation[] = [];
    for (const row of rows) {
      const debtIds = JSON.parse(row.debt_ids) as string[];
      if (row.kind === "attempt") attempts.push({ at: row.at_ms, debtIds, phone: row.phone, campaignId: row.campaign_id });
      else conversations.push({ at: row.at_ms, debtIds });
    }
    return { attempts, conversations, campaignAttemptCount };
  }

  /** Takes back a history row (a dial confirmed against Postgres and refused before it started). */
  removeHistory(callId: string, kind: "attempt" | "conversation"): void {
    this.sql.exec("DELETE FROM history WHERE call_id = ? AND kind = ?", callId, kind);
  }

  pruneHistory(beforeMs: number): void {
    this.sql.exec("DELETE FROM history WHERE at_ms < ?", beforeMs);
    this.sql.exec("DELETE FROM resolved WHERE at_ms < ?", beforeMs);
  }

  // ---- do not call ---------------------------------------------------------------

  replaceDnc(scope: "org" | "campaign", phones: readonly string[]): void {
    this.sql.exec("DELETE FROM dnc WHERE scope = ?", scope);
    for (const phone of phones) this.sql.exec("INSERT INTO dnc (scope, phone) VALUES (?, ?) ON CONFLICT DO NOTHING", scope, phone);
  }

  addDnc(scope: "org" | "campaign", phone: string): void {
    this.sql.exec("INSERT INTO dnc (scope, phone) VALUES (?, ?) ON CONFLICT DO NOTHING", scope, phone);
  }

  removeDnc(scope: "org" | "campaign", phone: string): void {
    this.sql.exec("DELETE FROM dnc WHERE scope = ? AND phone = ?", scope, phone);
  }

  isDnc(scope: "org" | "campaign", phone: string): boolean {
    return this.sql.exec("SELECT 1 FROM dnc WHERE scope = ? AND phone = ?", scope, phone).toArray().length > 0;
  }

  // ---- calls in flight -----------------------------------------------------------

  /** A call to start: kept with its spec until its actor confirms, so an eviction mid-start only delays it. */
  addCall(call: InFlightCall, spec: CallSpec): void {
    this.sql.exec(
      "INSERT INTO calls (call_id, account_id, phone, phase, since_ms, dialed_at_ms, agent_user_id, spec) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      call.callId,
      call.accountId,
      call.phone,
      call.phase,
      call.sinceMs,
      call.dialedAtMs,
      call.agentUserId,
      JSON.stringify(spec),
    );
  }

  isStarted(callId: string): boolean {
    return this.sql.exec("SELECT 1 FROM calls WHERE call_id = ? AND started = 1", callId).toArray().length > 0;
  }

  markStarted(callId: string): void {
    this.sql.exec("UPDATE calls SET started = 1 WHERE call_id = ?", callId);
  }

  /** Calls whose actor has not confirmed the start (bounded by the calls in flight). */
  unstartedCalls(): CallSpec[] {
    return this.sql.exec<{ spec: string }>("SELECT spec FROM calls WHERE started = 0").toArray().map((r) => JSON.parse(r.spec) as CallSpec);
  }

  /** Moves a call forward to `phase`; false when it is unknown or already further on. */
  setCallPhase(callId: string, phase: CampaignCallPhase, atMs: number, agentUserId: string | null = null): boolean {
    const call = this.call(callId);
    if (!call || PHASE_RANK[phase] < PHASE_RANK[call.phase] || (phase === call.phase && agentUserId === call.agentUserId)) return false;
    this.sql.exec("UPDATE calls SET phase = ?, since_ms = ?, agent_user_id = COALESCE(?, agent_user_id) WHERE call_id = ?", phase, atMs, agentUserId, callId);
    return true;
  }

  call(callId: string): InFlightCall | null {
    const row = this.sql.exec<CallRow>("SELECT call_id, account_id, phone, phase, since_ms, dialed_at_ms, agent_user_id FROM calls WHERE call_id = ?", callId).toArray()[0];
    return row ? toCall(row) : null;
  }

  calls(): InFlightCall[] {
    return this.sql.exec<CallRow>("SELECT call_id, account_id, phone, phase, since_ms, dialed_at_ms, agent_user_id FROM calls ORDER BY dialed_at_ms").toArray().map(toCall);
  }

  removeCall(callId: string): void {
    this.sql.exec("DELETE FROM calls WHERE call_id = ?", callId);
  }

  /** True the first time an outcome for this call arrives. */
  markResolved(callId: string, atMs: number): boolean {
    return this.sql.exec("INSERT INTO resolved (call_id, at_ms) VALUES (?, ?) ON CONFLICT DO NOTHING", callId, atMs).rowsWritten > 0;
  }

  // ---- counters ------------------------------------------------------------------

  addToDay(day: string, counts: Partial<DayCounts>): void {
    this.sql.exec(
      `INSERT INTO days (day, dials, resolved, live_answered, abandoned, conversations, handle_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (day) DO UPDATE SET dials = dials + excluded.dials, resolved = resolved + excluded.resolved,
         live_answered = live_answered + excluded.live_answered, abandoned = abandoned + excluded.abandoned,
         conversations = conversations + excluded.conversations, handle_seconds = handle_seconds + excluded.handle_seconds`,
      day,
      counts.dials ?? 0,
      counts.resolved ?? 0,
      counts.liveAnswered ?? 0,
      counts.abandoned ?? 0,
      counts.conversations ?? 0,
      counts.handleSeconds ?? 0,
    );
  }

  /** Sums over days from `fromDay` to today (at most 30 rows). */
  daysSince(fromDay: string): DayCounts {
    const row = this.sql
      .exec<{ dials: number; resolved: number; live: number; abandoned: number; conversations: number; handle: number }>(
        `SELECT COALESCE(SUM(dials), 0) AS dials, COALESCE(SUM(resolved), 0) AS resolved, COALESCE(SUM(live_answered), 0) AS live,
                COALESCE(SUM(abandoned), 0) AS abandoned, COALESCE(SUM(conversations), 0) AS conversations, COALESCE(SUM(handle_seconds), 0) AS handle
         FROM days WHERE day >= ?`,
        fromDay,
      )
      .one();
    return { dials: row.dials, resolved: row.resolved, liveAnswered: row.live, abandoned: row.abandoned, conversations: row.conversations, handleSeconds: row.handle };
  }

  countSkip(day: string, reason: string): void {
    this.sql.exec("INSERT INTO skip_counts (day, reason, n) VALUES (?, ?, 1) ON CONFLICT (day, reason) DO UPDATE SET n = n + 1", day, reason);
  }

  skipsOn(day: string): Record<string, number> {
    const rows = this.sql.exec<{ reason: string; n: number }>("SELECT reason, n FROM skip_counts WHERE day = ?", day).toArray();
    return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
  }

  // ---- chart points --------------------------------------------------------------

  savePoint(minute: number, point: unknown, keepFromMinute: number): void {
    this.sql.exec("INSERT INTO points (minute, json) VALUES (?, ?) ON CONFLICT (minute) DO UPDATE SET json = excluded.json", minute, JSON.stringify(point));
    this.sql.exec("DELETE FROM points WHERE minute < ?", keepFromMinute);
  }

  points<T>(): T[] {
    return this.sql.exec<{ json: string }>("SELECT json FROM points ORDER BY minute").toArray().map((r) => JSON.parse(r.json) as T);
  }

  // ---- notices applied (notices.ts) ------------------------------------------------

  /**
   * Records that notice `noticeId` about `subject` is being applied; false when it (or a
   * newer notice about the same subject) already was, and it must not be applied again.
   */
  claimNotice(subject: string, noticeId: number, nowMs: number): boolean {
    return (
      this.sql.exec(
        `INSERT INTO notice_subjects (subject, notice_id, at_ms) VALUES (?, ?, ?)
         ON CONFLICT (subject) DO UPDATE SET notice_id = excluded.notice_id, at_ms = excluded.at_ms WHERE excluded.notice_id > notice_subjects.notice_id`,
        subject,
        noticeId,
        nowMs,
      ).rowsWritten > 0
    );
  }

  /** Forgets subjects not touched since `beforeMs` (their notices were marked delivered long ago). */
  pruneNoticeSubjects(beforeMs: number): void {
    this.sql.exec("DELETE FROM notice_subjects WHERE at_ms < ?", beforeMs);
  }

  // ---- outbox --------------------------------------------------------------------

  enqueue(key: string, value: unknown): void {
    this.sql.exec("INSERT INTO outbox (key, json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET json = excluded.json", key, JSON.stringify(value));
  }

  outbox<T>(limit: number): { key: string; json: string; value: T }[] {
    return this.sql
      .exec<{ key: string; json: string }>("SELECT key, json FROM outbox ORDER BY rowid LIMIT ?", limit)
      .toArray()
      .map((r) => ({ key: r.key, json: r.json, value: JSON.parse(r.json) as T }));
  }

  outboxSize(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").one().n;
  }

  /** Removes written rows, unless a newer version of one was queued while it was being written. */
  markWritten(rows: readonly { key: string; json: string }[]): void {
    for (const row of rows) this.sql.exec("DELETE FROM outbox WHERE key = ? AND json = ?", row.key, row.json);
  }
}

function toLead(row: LeadRow): StoredLead {
  return { input: JSON.parse(row.json) as LeadInput, state: row.state, attempts: row.attempts, badPhones: JSON.parse(row.bad_phones) as string[] };
}

function toCall(row: CallRow): InFlightCall {
  return {
    callId: row.call_id,
    accountId: row.account_id,
    phone: row.phone,
    phase: row.phase,
    sinceMs: row.since_ms,
    dialedAtMs: row.dialed_at_ms,
    agentUserId: row.agent_user_id,
  };
}
