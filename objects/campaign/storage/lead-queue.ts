// The campaign's lead queue (the `leads` table): one row per account, its state, its
// place in line (callbacks first, then the highest balance, then the longest since
// contact), attempts and numbers found bad. Every query a tick runs is bounded by an
// index and a LIMIT, so a tick costs O(agents + calls in flight), never O(leads):
// deferred leads come back through their own index, and the next lead to dial is the
// first row of the ready index; the counts per state are kept by triggers.
import { z } from "zod";
import type { SqlDatabase } from "../../shared/durable/sql";
import { parseJson } from "../../shared/durable/stored-json";
import type { LeadNext } from "../lead-rules";
import { leadInputSchema } from "../notices";
import type { LeadInput } from "../../../domain/campaign-lead";
import { logEvent } from "../../../domain/log";

/** offered: held for one agent by preview pacing until they dial or skip it. */
export const LEAD_STATES = ["ready", "offered", "deferred", "dialing", "done"] as const;
export type LeadState = (typeof LEAD_STATES)[number];

export interface StoredLead {
  input: LeadInput;
  state: LeadState;
  attempts: number;
  badPhones: string[];
}

type LeadRow = { account_id: string; json: string; state: string; attempts: number; bad_phones: string };

const leadStateSchema = z.enum(LEAD_STATES);
const badPhonesSchema = z.array(z.string());

export class LeadQueue {
  constructor(private readonly sql: SqlDatabase) {}

  /** Adds leads not already queued (a second start never re-adds or resets a lead). */
  add(leads: readonly LeadInput[]): number {
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
  releaseDue(nowMs: number, limit: number): number {
    return this.sql.exec(
      `UPDATE leads SET state = 'ready' WHERE account_id IN (SELECT account_id FROM leads WHERE state = 'deferred' AND next_at_ms <= ? ORDER BY next_at_ms LIMIT ?)`,
      nowMs,
      limit,
    ).rowsWritten;
  }

  /** The best lead to dial: callbacks due first, then the highest balance, then the longest since contact. */
  nextReady(): StoredLead | null {
    for (;;) {
      const row = this.sql
        .exec<LeadRow>("SELECT * FROM leads WHERE state = 'ready' ORDER BY callback DESC, balance DESC, last_contacted_ms ASC LIMIT 1")
        .toArray()[0];
      if (!row) return null;
      const lead = toLead(row);
      if (lead) return lead;
      // A row no build of ours can read would stay first in line forever: it is closed instead.
      this.move(row.account_id, { state: "done", reason: "unreadable lead" });
    }
  }

  /** New account details for a queued lead; its place in the queue (state, attempts) stays. */
  updateInput(lead: LeadInput): void {
    this.sql.exec("UPDATE leads SET json = ?, balance = ? WHERE account_id = ?", JSON.stringify(lead), lead.balanceDueCents, lead.accountId);
  }

  get(accountId: string): StoredLead | null {
    const row = this.sql.exec<LeadRow>("SELECT * FROM leads WHERE account_id = ?", accountId).toArray()[0];
    return row ? toLead(row) : null;
  }

  markDialing(accountId: string, nowMs: number): void {
    this.sql.exec("UPDATE leads SET state = 'dialing', attempts = attempts + 1, callback = 0, last_contacted_ms = ? WHERE account_id = ?", nowMs, accountId);
  }

  move(accountId: string, next: LeadNext, badPhone: string | null = null): void {
    if (badPhone) {
      const lead = this.get(accountId);
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
  left(): number {
    return this.sql.exec<{ n: number }>("SELECT COALESCE(SUM(n), 0) AS n FROM lead_counts WHERE state IN ('ready', 'offered', 'deferred')").one().n;
  }
}

/** The row through zod; null (and logged) when no schema of this build reads it. */
function toLead(row: LeadRow): StoredLead | null {
  const input = parseJson(row.json, leadInputSchema);
  const badPhones = parseJson(row.bad_phones, badPhonesSchema);
  const state = leadStateSchema.safeParse(row.state);
  if (input.success && badPhones.success && state.success) return { input: input.data, state: state.data, attempts: row.attempts, badPhones: badPhones.data };
  logEvent({ event: "campaign_lead_unreadable", accountId: row.account_id });
  return null;
}
