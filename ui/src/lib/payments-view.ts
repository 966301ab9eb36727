// The payments page's words and its filters: a ledger entry's source and status as a
// person reads them, the filters ⇄ the page URL ⇄ GET /api/payments' query, and a
// amount typed in dollars read back as cents (a refund: never more than is left; a
// payment link: never more than the balance).
import type { Tone } from "./tone";

export const PAYMENT_SOURCES = ["ivr", "agent", "link"] as const;
export const PAYMENT_STATUSES = ["succeeded", "partially_refunded", "refunded", "disputed"] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

const sourceLabels: Record<PaymentSource, string> = { ivr: "Phone menu (IVR)", agent: "Agent's link", link: "Payment link" };
const statusWords: Record<PaymentStatus, { label: string; tone: Tone }> = {
  succeeded: { label: "Paid", tone: "success" },
  partially_refunded: { label: "Partly refunded", tone: "warning" },
  refunded: { label: "Refunded", tone: "neutral" },
  disputed: { label: "Disputed", tone: "danger" },
};

export const sourceLabel = (source: PaymentSource) => sourceLabels[source];
export const paymentStatusWord = (status: PaymentStatus) => statusWords[status];

export interface PaymentFilters {
  status: PaymentStatus | "";
  source: PaymentSource | "";
  from: string;
  to: string;
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | "" => (values.includes(value as T) ? (value as T) : "");
const dateOrEmpty = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : "");

export function readPaymentFilters(params: URLSearchParams): PaymentFilters {
  return {
    status: oneOf(PAYMENT_STATUSES, params.get("status")),
    source: oneOf(PAYMENT_SOURCES, params.get("source")),
    from: dateOrEmpty(params.get("from")),
    to: dateOrEmpty(params.get("to")),
  };
}

/** The filters that are set, as the API's query (and the page's URL). */
export function paymentQuery(filters: PaymentFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ""));
}

/** "25" or "25.5" or "$1,025.50" → cents; an error sentence for anything else, zero, or more than `maxCents`. */
export function centsFromDollars(text: string, maxCents: number): { ok: true; cents: number } | { ok: false; message: string } {
  const cleaned = text.trim().replace(/^\$/, "").replaceAll(",", "");
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return { ok: false, message: "Write an amount in dollars, like 25.00" };
  const [whole = "0", fraction = ""] = cleaned.split(".");
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (cents <= 0) return { ok: false, message: "The amount must be more than $0.00" };
  if (cents > maxCents) return { ok: false, message: `At most $${(maxCents / 100).toFixed(2)}` };
  return { ok: true, cents };
}
