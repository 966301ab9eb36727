// The room's chart (the `points` table): one point a minute over the last hour.
import type { SqlDatabase } from "../../shared/durable/sql";
import { parseJson } from "../../shared/durable/stored-json";
import type { CampaignHistoryPoint } from "../protocol";
import { chartPointSchema } from "./stored-schemas";

export class ChartPoints {
  constructor(private readonly sql: SqlDatabase) {}

  /** Saves this minute's point and forgets those before `keepFromMinute`. */
  save(minute: number, point: CampaignHistoryPoint, keepFromMinute: number): void {
    this.sql.exec("INSERT INTO points (minute, json) VALUES (?, ?) ON CONFLICT (minute) DO UPDATE SET json = excluded.json", minute, JSON.stringify(point));
    this.sql.exec("DELETE FROM points WHERE minute < ?", keepFromMinute);
  }

  /** The points in time order; one another build wrote in another shape is left out. */
  all(): CampaignHistoryPoint[] {
    return this.sql
      .exec<{ json: string }>("SELECT json FROM points ORDER BY minute")
      .toArray()
      .flatMap((row) => {
        const point = parseJson(row.json, chartPointSchema);
        return point.success ? [point.data] : [];
      });
  }
}
