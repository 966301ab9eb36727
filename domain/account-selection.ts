// Which accounts a campaign calls: every field given narrows the selection. The API
// validates it, Postgres stores it (campaigns.account_selection), the campaign loads by it.
import { z } from "zod";

export const accountSelection = z.strictObject({
  minBalanceCents: z.number().int().min(0).max(1_000_000_000_00).optional(),
  languages: z
    .array(z.string().regex(/^[a-z]{2}$/, "two-letter language codes, like en"))
    .max(20)
    .optional(),
  /** Only these accounts (ids), when given. */
  accountIds: z.array(z.uuid("account ids")).max(5_000).optional(),
});
export type AccountSelection = z.infer<typeof accountSelection>;
