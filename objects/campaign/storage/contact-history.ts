// The contact history compliance looks back at (the `history` table): every attempt and
// conversation with the organisation's accounts over the Regulation F lookback, from any
// campaign or agent (loaded at start), plus this campaign's own dials as it places them.
import { z } from "zod";
import type { SqlDatabase } from "../../shared/durable/sql";
import { parseJson } from "../../shared/durable/stored-json";
import type { ContactAttempt, ContactHistory, Conversation } from "../compliance/types";
import { logEvent } from "../../../domain/log";

export type HistoryKind = "attempt" | "conversation";

const debtIdsSchema = z.array(z.string());

export class ContactHistoryStore {
  constructor(private readonly sql: SqlDatabase) {}

  add(kind: HistoryKind, callId: string, accountId: string, atMs: number, debtIds: readonly string[], phone: string, campaignId: string): void {
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
  of(accountId: string, sinceMs: number, campaignAttemptCount: number): ContactHistory {
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
      const parsed = parseJson(row.debt_ids, debtIdsSchema);
      // Our own rows hold string arrays; anything else is logged and read as naming no debt.
      if (!parsed.success) logEvent({ event: "campaign_history_unreadable", accountId, error: parsed.error });
      const debtIds = parsed.success ? parsed.data : [];
      if (row.kind === "attempt") attempts.push({ at: row.at_ms, debtIds, phone: row.phone, campaignId: row.campaign_id });
      else conversations.push({ at: row.at_ms, debtIds });
    }
    return { attempts, conversations, campaignAttemptCount };
  }

  /** Takes back a history row (a dial confirmed against Postgres and refused before it started). */
  remove(callId: string, kind: HistoryKind): void {
    this.sql.exec("DELETE FROM history WHERE call_id = ? AND kind = ?", callId, kind);
  }

  prune(beforeMs: number): void {
    this.sql.exec("DELETE FROM history WHERE at_ms < ?", beforeMs);
  }
}
