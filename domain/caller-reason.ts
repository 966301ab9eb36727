// Why an inbound caller is calling, if the engine knows: read from what it did with them
// before (the menu option they keyed, a callback they asked for, a campaign's call they are
// returning and the voicemail it left, a payment link texted to them, a promise to pay
// falling due). The Worker gathers the facts when the caller joins a queue; the agent's
// ring and call card show the sentences, most telling first. Pure: the facts, the instant
// and the organisation's zone in, the sentences out.
import { z } from "zod";
import { wallClock } from "./inbound-queues";

export const CALLER_REASON_KINDS = ["ivr_choice", "callback_requested", "payment_link_sent", "returning_call", "promise_due"] as const;
export type CallerReasonKind = (typeof CALLER_REASON_KINDS)[number];

/** One reason, as the ring and the call card show it. */
export const callerReason = z.object({ kind: z.enum(CALLER_REASON_KINDS), text: z.string() });
export type CallerReason = z.infer<typeof callerReason>;

/** The IVR options a caller can key that say why they want a person. */
export type IvrChoice = "pay" | "balance" | "agent";

/** What the engine knows of the caller's recent dealings with the organisation (each null: nothing). */
export interface CallerHistory {
  /** The option they keyed in the phone menu before reaching a person. */
  ivrChoice?: IvrChoice | null;
  /** The organisation's own menu option that sent them to a queue (its key and label). */
  ivrOption?: { key: string; label: string } | null;
  /** A callback they asked for that nobody has made yet. */
  openCallback?: { requestedAtMs: number } | null;
  /** The latest outbound call to the number they call from. */
  lastOutbound?: { atMs: number; campaignName: string | null; voicemailLeft: boolean } | null;
  /** The latest payment link texted to them. */
  paymentLinkSent?: { atMs: number; amountCents: number | null } | null;
  /** The latest promise to pay they made: its date in their calendar, its amount. */
  promise?: { date: string; amountCents: number } | null;
}

/** Facts older than these are not why someone calls today. */
export const RETURNING_CALL_DAYS = 14;
export const PAYMENT_LINK_DAYS = 7;
export const OPEN_CALLBACK_DAYS = 14;
/** A promise counts from this many days before its date to this many after (a late one is still why they call). */
export const PROMISE_DAYS_BEFORE = 3;
export const PROMISE_DAYS_AFTER = 7;

const DAY_MS = 86_400_000;
const IVR_WORDS: Record<IvrChoice, string> = {
  pay: "Chose to pay in the phone menu",
  balance: "Asked for their balance in the phone menu",
  agent: "Asked for an agent in the phone menu",
};

const usd = (cents: number) => `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "Dec 4" for a YYYY-MM-DD date. */
const dayWords = (date: string) => `${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}`;
/** Days from one YYYY-MM-DD to another. */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** "today", "yesterday" or "on Dec 4", in the organisation's calendar. */
function whenWords(atMs: number, nowMs: number, timeZone: string): string {
  const day = wallClock(atMs, timeZone).date;
  const ago = daysBetween(day, wallClock(nowMs, timeZone).date);
  return ago === 0 ? "today" : ago === 1 ? "yesterday" : `on ${dayWords(day)}`;
}

const within = (atMs: number, nowMs: number, days: number) => atMs <= nowMs && nowMs - atMs <= days * DAY_MS;

/** An option of the organisation's own menu the caller keyed: "Pressed 2: Dispute a charge". */
export const ivrOptionReason = (option: { key: string; label: string }): CallerReason => ({ kind: "ivr_choice", text: `Pressed ${option.key}: ${option.label}` });

/** The reasons the caller may be calling, most telling first (what they keyed, then what they asked for, then what we did): empty when nothing is known. */
export function callerReasons(history: CallerHistory, nowMs: number, timeZone: string): CallerReason[] {
  const reasons: CallerReason[] = [];
  if (history.ivrOption) reasons.push(ivrOptionReason(history.ivrOption));
  if (history.ivrChoice) reasons.push({ kind: "ivr_choice", text: IVR_WORDS[history.ivrChoice] });
  const callback = history.openCallback;
  if (callback && within(callback.requestedAtMs, nowMs, OPEN_CALLBACK_DAYS)) {
    reasons.push({ kind: "callback_requested", text: `Asked for a callback ${whenWords(callback.requestedAtMs, nowMs, timeZone)}` });
  }
  const link = history.paymentLinkSent;
  if (link && within(link.atMs, nowMs, PAYMENT_LINK_DAYS)) {
    const amount = link.amountCents === null ? "" : ` for ${usd(link.amountCents)}`;
    reasons.push({ kind: "payment_link_sent", text: `A payment link${amount} was texted ${whenWords(link.atMs, nowMs, timeZone)}` });
  }
  const outbound = history.lastOutbound;
  if (outbound && within(outbound.atMs, nowMs, RETURNING_CALL_DAYS)) {
    const from = outbound.campaignName ? ` from campaign ${outbound.campaignName}` : "";
    const voicemail = outbound.voicemailLeft ? " (a voicemail was left)" : "";
    reasons.push({ kind: "returning_call", text: `Returning a call${from} ${whenWords(outbound.atMs, nowMs, timeZone)}${voicemail}` });
  }
  const promise = history.promise;
  if (promise) {
    const dueIn = daysBetween(wallClock(nowMs, timeZone).date, promise.date);
    if (dueIn <= PROMISE_DAYS_BEFORE && -dueIn <= PROMISE_DAYS_AFTER) {
      const when = dueIn === 0 ? "due today" : dueIn > 0 ? `due ${dayWords(promise.date)}` : `was due ${dayWords(promise.date)}`;
      reasons.push({ kind: "promise_due", text: `Promise to pay ${usd(promise.amountCents)} ${when}` });
    }
  }
  return reasons;
}
