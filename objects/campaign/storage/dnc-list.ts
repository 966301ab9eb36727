// The campaign's copy of the do-not-call lists (the `dnc` table): the organisation's and
// this campaign's, loaded at start and kept current by notices and fax answers. The last
// word is Postgres's, asked before every batch of dials (dial-confirmation.ts).
import type { SqlDatabase } from "../../shared/durable/sql";

export type DncScope = "org" | "campaign";

export class DncList {
  constructor(private readonly sql: SqlDatabase) {}

  replace(scope: DncScope, phones: readonly string[]): void {
    this.sql.exec("DELETE FROM dnc WHERE scope = ?", scope);
    for (const phone of phones) this.add(scope, phone);
  }

  add(scope: DncScope, phone: string): void {
    this.sql.exec("INSERT INTO dnc (scope, phone) VALUES (?, ?) ON CONFLICT DO NOTHING", scope, phone);
  }

  remove(scope: DncScope, phone: string): void {
    this.sql.exec("DELETE FROM dnc WHERE scope = ? AND phone = ?", scope, phone);
  }

  isListed(scope: DncScope, phone: string): boolean {
    return this.sql.exec("SELECT 1 FROM dnc WHERE scope = ? AND phone = ?", scope, phone).toArray().length > 0;
  }
}
