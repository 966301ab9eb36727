// Campaign notices: what a running or paused campaign learns of changes made through the
// API (a number put on or taken off a do-not-call list, an account edited, a call's
// disposition). The Worker writes each notice to Postgres in the transaction of the
// change (worker/campaigns/campaign-notices.ts) and delivers it at once; a campaign that
// missed it pulls it later from Postgres. So a notice may arrive twice, late, or after
// a newer one about the same thing: it is applied only when it is newer (by id) than
// the last notice applied about the same subject, which makes every delivery idempotent
// and a late one harmless. Notices cross code versions (they wait in Postgres), so they
// are parsed with zod, never cast.
import { z } from "zod";
import { WEEKDAYS } from "../../domain/inconvenient-times";
import type { LeadInput } from "../../domain/campaign-lead";
import { DISPOSITIONS, dispositionDetails } from "../../domain/dispositions";

const inconvenientTime = z.union([
  z.object({ kind: z.literal("weekly"), day: z.enum(WEEKDAYS), from: z.string(), to: z.string() }),
  z.object({ kind: z.literal("dates"), fromDate: z.string(), toDate: z.string() }),
]);

export const leadInputSchema = z.object({
  accountId: z.string(),
  name: z.string(),
  phones: z.array(z.string()),
  timeZone: z.string().nullable(),
  state: z.string().nullish(),
  balanceDueCents: z.number(),
  lastContactedAtMs: z.number().nullable(),
  doNotCall: z.boolean(),
  consent: z.boolean().nullable(),
  inconvenientTimes: z.array(inconvenientTime),
  debtIds: z.array(z.string()),
  preferredLanguage: z.string().nullish(),
}) satisfies z.ZodType<LeadInput>;

export const dncNoticeSchema = z.object({ scope: z.enum(["org", "campaign"]), phone: z.string(), listed: z.boolean() });

export const dispositionNoticeSchema = z.object({
  callId: z.string(),
  accountId: z.string(),
  /** The number the call dialled: a wrong number is that one, whatever the lead dials next. */
  phone: z.string().nullable().default(null),
  disposition: z.enum(DISPOSITIONS),
  details: dispositionDetails.nullable(),
});
export type DispositionNotice = z.infer<typeof dispositionNoticeSchema>;

/** A notice before it has an id (what the Worker queues). */
export const noticeBodySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("dnc"), payload: dncNoticeSchema }),
  z.object({ kind: z.literal("lead"), payload: leadInputSchema }),
  z.object({ kind: z.literal("disposition"), payload: dispositionNoticeSchema }),
]);
export type NoticeBody = z.infer<typeof noticeBodySchema>;

export const campaignNoticeSchema = z.intersection(z.object({ id: z.number().int().positive() }), noticeBodySchema);
export type CampaignNotice = z.infer<typeof campaignNoticeSchema>;

/** What a notice is about: a newer notice about the same subject supersedes an older one. */
export function noticeSubject(notice: NoticeBody): string {
  switch (notice.kind) {
    case "dnc":
      return `dnc:${notice.payload.scope}:${notice.payload.phone}`;
    case "lead":
      return `lead:${notice.payload.accountId}`;
    case "disposition":
      return `disposition:${notice.payload.callId}`;
  }
}

/** Reads notices from a boundary (Postgres rows, an RPC): the readable ones, and the ids of those that are not. */
export function readNotices(raw: readonly unknown[]): { notices: CampaignNotice[]; unreadable: unknown[] } {
  const notices: CampaignNotice[] = [];
  const unreadable: unknown[] = [];
  for (const item of raw) {
    const parsed = campaignNoticeSchema.safeParse(item);
    if (parsed.success) notices.push(parsed.data);
    else unreadable.push(item);
  }
  return { notices: notices.sort((a, b) => a.id - b.id), unreadable };
}
