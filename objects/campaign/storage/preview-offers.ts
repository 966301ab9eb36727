// Preview pacing's held leads (the `offers` table): at most one per agent, one agent per
// lead, bounded by the campaign's agents. Holding an offer moves its lead to `offered`,
// so no tick and no other agent takes it meanwhile.
import type { SqlDatabase } from "../../shared/durable/sql";

export interface HeldOffer {
  userId: string;
  accountId: string;
  offeredAtMs: number;
}

type OfferRow = { user_id: string; account_id: string; offered_at_ms: number };

const toOffer = (row: OfferRow): HeldOffer => ({ userId: row.user_id, accountId: row.account_id, offeredAtMs: row.offered_at_ms });

export class PreviewOffers {
  constructor(private readonly sql: SqlDatabase) {}

  /** Holds a ready lead for one agent. */
  hold(userId: string, accountId: string, nowMs: number): void {
    this.sql.exec("UPDATE leads SET state = 'offered' WHERE account_id = ?", accountId);
    this.sql.exec("INSERT INTO offers (user_id, account_id, offered_at_ms) VALUES (?, ?, ?)", userId, accountId, nowMs);
  }

  all(): HeldOffer[] {
    return this.sql.exec<OfferRow>("SELECT * FROM offers ORDER BY offered_at_ms").toArray().map(toOffer);
  }

  of(accountId: string): HeldOffer | null {
    const row = this.sql.exec<OfferRow>("SELECT * FROM offers WHERE account_id = ?", accountId).toArray()[0];
    return row ? toOffer(row) : null;
  }

  /** Lets go of an offer; the lead goes back to the queue unless it was dialled or moved meanwhile. */
  release(accountId: string): void {
    this.sql.exec("DELETE FROM offers WHERE account_id = ?", accountId);
    this.sql.exec("UPDATE leads SET state = 'ready' WHERE account_id = ? AND state = 'offered'", accountId);
  }

  /** The offer is acted on (dialled, skipped, refused): the caller moves the lead. */
  drop(accountId: string): void {
    this.sql.exec("DELETE FROM offers WHERE account_id = ?", accountId);
  }
}
