// Per-day counters (the `days` and `skip_counts` tables): dials, resolved calls, live
// answers, abandons, conversations and handle time per UTC day, which the abandon rate
// and the live stats read, and compliance skips per day and reason.
import type { SqlDatabase } from "../../shared/durable/sql";

export interface DayCounts {
  dials: number;
  resolved: number;
  liveAnswered: number;
  abandoned: number;
  conversations: number;
  handleSeconds: number;
}

export class DayCounters {
  constructor(private readonly sql: SqlDatabase) {}

  add(day: string, counts: Partial<DayCounts>): void {
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
  since(fromDay: string): DayCounts {
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
}
