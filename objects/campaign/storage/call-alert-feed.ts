// The room's feed of its calls' live-intelligence alerts (the `call_alerts` table): one
// row per condition per call, so a call that tells the campaign twice (a retried task)
// adds nothing the second time; the newest CALL_ALERTS_KEPT are kept for the snapshot.
import type { SqlDatabase } from "../../shared/durable/sql";
import { parseJson } from "../../shared/durable/stored-json";
import { campaignCallAlert, type CampaignCallAlert } from "../protocol";

/** The feed a supervisor joining the room sees (older alerts are in Postgres: call_alerts). */
export const CALL_ALERTS_KEPT = 50;

export class CallAlertFeed {
  constructor(private readonly sql: SqlDatabase) {}

  /** Adds the alert unless this call raised it already; true when it is new. */
  add(alert: CampaignCallAlert): boolean {
    const cursor = this.sql.exec(
      "INSERT INTO call_alerts (call_id, key, at_ms, json) VALUES (?, ?, ?, ?) ON CONFLICT (call_id, key) DO NOTHING",
      alert.callId,
      alert.key,
      alert.at,
      JSON.stringify(alert),
    );
    if (cursor.rowsWritten === 0) return false;
    this.sql.exec("DELETE FROM call_alerts WHERE rowid NOT IN (SELECT rowid FROM call_alerts ORDER BY at_ms DESC, rowid DESC LIMIT ?)", CALL_ALERTS_KEPT);
    return true;
  }

  /** Newest first; a row another build wrote in another shape is left out. */
  newestFirst(): CampaignCallAlert[] {
    return this.sql
      .exec<{ json: string }>("SELECT json FROM call_alerts ORDER BY at_ms DESC, rowid DESC")
      .toArray()
      .flatMap((row) => {
        const alert = parseJson(row.json, campaignCallAlert);
        return alert.success ? [alert.data] : [];
      });
  }
}
