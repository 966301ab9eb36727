// The organisation's live AI calls as the pool keeps them for agents' workspaces: each AI
// call reports its state (the campaign room's AI state, its sentiment, who may take it
// over) as it changes, and its end. One row per call in the pool's SQLite, read through
// zod. A report is kept only when newer than the row (its journal step, then its customer
// lines, only grow along one call), and an ended call stays ended: a late or retried report
// never brings it back. Ended rows are dropped a day later.
import { parseJson, type SqlDatabase } from "../shared/durable";
import { liveAiCall, type LiveAiCall } from "./protocol";

export const AI_CALLS_TABLE_SQL = `CREATE TABLE ai_calls (
  call_id TEXT PRIMARY KEY,
  json TEXT NOT NULL,
  ended_at INTEGER
)`;

const KEEP_ENDED_MS = 24 * 60 * 60 * 1000;

const newer = (next: LiveAiCall, stored: LiveAiCall) => next.order > stored.order || (next.order === stored.order && next.lines > stored.lines);

export class AiCallsBoard {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly onUnreadable: (problem: { callId: string; reason: string }) => void,
  ) {}

  /** The live AI calls, longest in their state first. */
  live(): LiveAiCall[] {
    const rows = this.sql.exec<{ call_id: string; json: string }>("SELECT call_id, json FROM ai_calls WHERE ended_at IS NULL").toArray();
    const calls = rows.flatMap((row) => {
      const parsed = parseJson(row.json, liveAiCall);
      if (parsed.success) return [parsed.data];
      this.onUnreadable({ callId: row.call_id, reason: parsed.error });
      return [];
    });
    return calls.sort((a, b) => a.call.since - b.call.since || (a.call.callId < b.call.callId ? -1 : 1));
  }

  /** Keeps the report if it is the call's newest and the call has not ended; true when the board changed. */
  report(next: LiveAiCall): boolean {
    const row = this.sql.exec<{ json: string; ended_at: number | null }>("SELECT json, ended_at FROM ai_calls WHERE call_id = ?", next.call.callId).toArray()[0];
    if (row?.ended_at != null) return false;
    const stored = row ? parseJson(row.json, liveAiCall) : null;
    if (stored?.success && !newer(next, stored.data)) return false;
    this.sql.exec("INSERT INTO ai_calls (call_id, json) VALUES (?, ?) ON CONFLICT (call_id) DO UPDATE SET json = excluded.json", next.call.callId, JSON.stringify(next));
    return true;
  }

  /** The call ended: off the board for good; true when it was on it. */
  end(callId: string, nowMs: number): boolean {
    const wasLive = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM ai_calls WHERE call_id = ? AND ended_at IS NULL", callId).toArray()[0]?.n ?? 0;
    this.sql.exec("INSERT INTO ai_calls (call_id, json, ended_at) VALUES (?, '{}', ?) ON CONFLICT (call_id) DO UPDATE SET ended_at = COALESCE(ai_calls.ended_at, excluded.ended_at)", callId, nowMs);
    this.sql.exec("DELETE FROM ai_calls WHERE ended_at IS NOT NULL AND ended_at < ?", nowMs - KEEP_ENDED_MS);
    return wasLive > 0;
  }
}
