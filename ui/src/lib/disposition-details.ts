// The wrap-up form's rules: the details a disposition carries (promise to pay: a future date
// and an amount; callback: a future time), the digit shortcuts 1–8, and the body of
// PATCH /api/calls/:id built from what the agent changed. Pure: tested in node.
// Relative import (not $domain): node tests and the root tsc read this file too.
import { DISPOSITIONS, type Disposition, type DispositionDetails } from "../../../domain/dispositions";

export type { CallbackDetails, DispositionDetails, PromiseToPayDetails } from "../../../domain/dispositions";

/** PATCH /api/calls/:id body: notes always; disposition (and its details) only when changed. */
export interface CallUpdateBody {
  notes: string;
  /** The version the form was filled from: the server refuses the save if someone saved since. */
  annotationVersion?: number;
  disposition?: Disposition | null;
  dispositionDetails?: DispositionDetails;
}

export type DetailKind = "promise" | "callback";

export function detailKindOf(disposition: Disposition | null): DetailKind | null {
  return disposition === "promise_to_pay" ? "promise" : disposition === "callback" ? "callback" : null;
}

/** Digits 1–8 pick a disposition in DISPOSITIONS order. */
export function dispositionForDigit(key: string): Disposition | null {
  if (!/^[1-9]$/.test(key)) return null;
  return DISPOSITIONS[Number(key) - 1] ?? null;
}

export function digitForDisposition(disposition: Disposition): string {
  return String(DISPOSITIONS.indexOf(disposition) + 1);
}

/** What the form holds: text as typed, so a half-typed amount is not lost. */
export interface DispositionDraft {
  disposition: Disposition | null;
  /** <input type=date> value, "YYYY-MM-DD". */
  promiseDate: string;
  /** As typed, in dollars: "150", "150.5", "1,234.56". */
  promiseAmount: string;
  /** <input type=datetime-local> value, "YYYY-MM-DDTHH:MM", in this browser's time zone. */
  callbackAt: string;
  notes: string;
}

export type DraftField = "disposition" | "promiseDate" | "promiseAmount" | "callbackAt";
export type DraftErrors = Partial<Record<DraftField, string>>;

/** What a call has saved of its notes and disposition, as GET /api/calls/:id gives it. */
export interface SavedAnnotation {
  notes: string;
  disposition: Disposition | null;
  /** Required, so a form cannot start blank over a stored promise or callback. */
  dispositionDetails: DispositionDetails | null;
}

/** The draft a form starts from, given what the call has saved: every stored detail filled in. */
export function draftFrom(saved: SavedAnnotation): DispositionDraft {
  const details = saved.dispositionDetails;
  return {
    disposition: saved.disposition,
    promiseDate: details && "promiseDate" in details ? details.promiseDate : "",
    promiseAmount: details && "promiseAmountCents" in details ? (details.promiseAmountCents / 100).toFixed(2) : "",
    callbackAt: details && "callbackAt" in details ? localDateTimeText(new Date(details.callbackAt)) : "",
    notes: saved.notes,
  };
}

/** "150", "150.5", "$1,234.56" → cents; null when not a plain amount with at most two decimals. */
export function parseAmountCents(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, "").replace(/,(?=\d{3}(\D|$))/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ""] = cleaned.split(".");
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return Number.isSafeInteger(cents) ? cents : null;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A date as <input type=date> writes it, on this browser's calendar. */
export function localDateText(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** An instant as <input type=datetime-local> writes it, on this browser's clock. */
export function localDateTimeText(date: Date): string {
  return `${localDateText(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The day after `now`, the earliest promise date the form accepts. */
export function earliestPromiseDate(now: Date): string {
  return localDateText(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
}

/** "YYYY-MM-DDTHH:MM" read on this browser's clock; null when not a real time. */
export function parseLocalDateTime(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date : null;
}

function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(y, m - 1, d);
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d;
}

export function validateDetails(draft: DispositionDraft, now: Date): { ok: true; details: DispositionDetails | null } | { ok: false; errors: DraftErrors } {
  const kind = detailKindOf(draft.disposition);
  const errors: DraftErrors = {};
  if (kind === "promise") {
    if (!draft.promiseDate) errors.promiseDate = "Enter the date they promised to pay.";
    else if (!isRealDate(draft.promiseDate)) errors.promiseDate = "Enter a real date.";
    // "YYYY-MM-DD" strings compare in calendar order.
    else if (draft.promiseDate < earliestPromiseDate(now)) errors.promiseDate = "The promise date must be in the future.";
    const cents = parseAmountCents(draft.promiseAmount);
    if (!draft.promiseAmount.trim()) errors.promiseAmount = "Enter the amount they promised.";
    else if (cents === null) errors.promiseAmount = "Enter an amount like 150 or 150.25.";
    else if (cents <= 0) errors.promiseAmount = "The amount must be more than 0.";
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    return { ok: true, details: { promiseDate: draft.promiseDate, promiseAmountCents: cents! } };
  }
  if (kind === "callback") {
    const at = parseLocalDateTime(draft.callbackAt);
    if (!draft.callbackAt) errors.callbackAt = "Enter when to call back.";
    else if (!at) errors.callbackAt = "Enter a real date and time.";
    else if (at.getTime() <= now.getTime()) errors.callbackAt = "The callback time must be in the future.";
    if (Object.keys(errors).length > 0 || !at) return { ok: false, errors };
    return { ok: true, details: { callbackAt: at.toISOString() } };
  }
  return { ok: true, details: null };
}

/**
 * The PATCH body for a draft, or the errors to show. A disposition and its details are sent
 * (and checked) only when the agent changed them, so editing the notes of a call whose promise
 * date has passed does not demand a new date.
 */
export function buildCallUpdate(draft: DispositionDraft, saved: DispositionDraft, now: Date): { ok: true; body: CallUpdateBody } | { ok: false; errors: DraftErrors } {
  const kind = detailKindOf(draft.disposition);
  const detailsChanged =
    (kind === "promise" && (draft.promiseDate !== saved.promiseDate || draft.promiseAmount !== saved.promiseAmount)) ||
    (kind === "callback" && draft.callbackAt !== saved.callbackAt);
  if (draft.disposition === saved.disposition && !detailsChanged) return { ok: true, body: { notes: draft.notes } };
  const checked = validateDetails(draft, now);
  if (!checked.ok) return checked;
  return {
    ok: true,
    body: { notes: draft.notes, disposition: draft.disposition, ...(checked.details ? { dispositionDetails: checked.details } : {}) },
  };
}
