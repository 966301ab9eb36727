// One account as a campaign's lead queue holds it: what the campaign loads from Postgres
// (db/writers/campaign-records.ts), what a notice of an edited account carries, and what
// compliance and the pacer read. Kept here so db/ and objects/ speak of the same lead.
import type { Consent } from "./consent";
import type { InconvenientTime } from "./inconvenient-times";

export interface LeadInput {
  accountId: string;
  name: string;
  phones: string[];
  timeZone: string | null;
  /** Where the consumer lives (two-letter US code): the recording disclosure decides from it first. Absent in leads stored before it existed. */
  state?: string | null;
  balanceDueCents: number;
  lastContactedAtMs: number | null;
  doNotCall: boolean;
  /** true granted, false refused, null unknown. */
  consent: Consent;
  inconvenientTimes: InconvenientTime[];
  /** Open debts of the account: Regulation F counts per debt. */
  debtIds: string[];
  /** The account's language (ISO 639-1): a payment-reminder call speaks it where the organisation has prompts in it. Absent from leads stored before. */
  preferredLanguage?: string | null;
}
