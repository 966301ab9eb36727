// The CampaignActor's SQLite schema, append-only (objects/shared/sqlite-migrations.ts
// checks ids and statements on every start): never edit one, add the next.
import type { SqliteMigration } from "../../shared/sqlite-migrations";

export const CAMPAIGN_MIGRATIONS: readonly SqliteMigration[] = [
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
  // The shared outbox (objects/shared/durable/outbox.ts): rows carry a revision, and the
  // backoff has its own table (OUTBOX_BACKOFF_TABLE_SQL, written out: an applied migration
  // never changes, whatever the constant becomes). The failure count the campaign kept in
  // meta goes: rows queued before the upgrade are simply due at once.
  {
    id: "0004-shared-outbox",
    sql: `ALTER TABLE outbox ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
   CREATE TABLE outbox_backoff (id INTEGER PRIMARY KEY CHECK (id = 1), retry_at_ms INTEGER NOT NULL, failures INTEGER NOT NULL);
   DELETE FROM meta WHERE key = 'outboxFailures';`,
  },
  // The room's feed of the calls' live-intelligence alerts: one row per condition per call.
  {
    id: "0005-call-alerts",
    sql: `CREATE TABLE call_alerts (call_id TEXT NOT NULL, key TEXT NOT NULL, at_ms INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (call_id, key));
   CREATE INDEX call_alerts_at ON call_alerts (at_ms);`,
  },
  // Each call's live sentiment (the customer's window score and trend), newest line wins: the room sorts by it.
  {
    id: "0006-call-sentiment",
    sql: `ALTER TABLE calls ADD COLUMN sentiment_score REAL;
   ALTER TABLE calls ADD COLUMN sentiment_trend TEXT;
   ALTER TABLE calls ADD COLUMN sentiment_at_ms INTEGER;`,
  },
  // A reminder call's IVR step and payment status (domain/ivr-progress.ts) as the call last reported it.
  { id: "0007-call-ivr", sql: `ALTER TABLE calls ADD COLUMN ivr TEXT;` },
  // An AI-agent campaign's call: the AI's state (domain/ai-agent.ts AiRoomState) as the call last reported it.
  { id: "0008-call-ai", sql: `ALTER TABLE calls ADD COLUMN ai TEXT;` },
  // The pacing statistics learnt this call's AMD verdict when it came (outcome-stats.ts), so its outcome does not teach it again.
  { id: "0009-call-verdict-learned", sql: `ALTER TABLE calls ADD COLUMN verdict_learned INTEGER NOT NULL DEFAULT 0;` },
];
