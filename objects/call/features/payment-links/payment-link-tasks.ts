// Which payment links a call still owes (pure): one task per `paymentLinkRequested`
// event that has neither a `paymentLinkSent` nor a `paymentLinkFailed` yet, named after
// its request so a call can carry several links and a request is served once. Also what
// the Checkout Session carries (metadata on the session and its PaymentIntent, so every
// Stripe event of the payment finds its ledger entry) and what the SMS says.
import { z } from "zod";
import type { PaymentMetadata } from "../../../../domain/payments";
import type { CallSpec } from "../../call-spec";
import { LOCAL_EVENTS, type CarrierEvent, type EventOf } from "../../carrier-event";

export const sendPaymentLinkTaskSchema = z.object({
  name: z.string().startsWith("payment-link-"),
  action: z.literal("send_payment_link"),
  requestId: z.string().min(1),
  /** When the request was raised: the link's expiry is counted from it, so a retry asks Stripe for the very same session. */
  requestedAtMs: z.number(),
  amountCents: z.number().int().positive(),
  currency: z.literal("usd"),
  accountId: z.string().min(1),
  debtId: z.string().min(1).nullable(),
  source: z.enum(["ivr", "agent"]),
  sendTo: z.string().min(1),
});
export type SendPaymentLinkTask = z.infer<typeof sendPaymentLinkTaskSchema>;

type Requested = EventOf<typeof LOCAL_EVENTS.paymentLinkRequested>;
const isRequested = (event: CarrierEvent): event is Requested => event.type === LOCAL_EVENTS.paymentLinkRequested;

export function desiredPaymentLinks(events: readonly CarrierEvent[]): SendPaymentLinkTask[] {
  const settled = new Set<string>();
  for (const event of events) {
    if (event.type === LOCAL_EVENTS.paymentLinkSent || event.type === LOCAL_EVENTS.paymentLinkFailed) {
      settled.add((event as EventOf<typeof LOCAL_EVENTS.paymentLinkSent | typeof LOCAL_EVENTS.paymentLinkFailed>).requestId);
    }
  }
  return events.filter(isRequested).filter((request) => !settled.has(request.requestId)).map(taskFor);
}

const taskFor = (request: Requested): SendPaymentLinkTask => ({
  name: `payment-link-${request.requestId}`,
  action: "send_payment_link",
  requestId: request.requestId,
  requestedAtMs: request.occurredAtMs,
  amountCents: request.amountCents,
  currency: request.currency,
  accountId: request.accountId,
  debtId: request.debtId,
  source: request.source,
  sendTo: request.sendTo,
});

/** Stripe's idempotency key for the request's session: the same call and request make one session, however often retried. */
export const paymentLinkIdempotencyKey = (spec: CallSpec, requestId: string) => `${spec.id}:${requestId}`;

/** Stripe drops metadata keys set to "": a payment for the account (no debt) simply has no debt_id. */
export function paymentLinkMetadata(spec: CallSpec, task: SendPaymentLinkTask): Record<string, string> {
  const metadata: Omit<PaymentMetadata, "debt_id" | "call_id" | "sms_to" | "sms_from"> & { debt_id?: string; call_id: string; sms_to: string; sms_from: string } = {
    org_id: spec.organizationId,
    account_id: task.accountId,
    call_id: spec.id,
    request_id: task.requestId,
    method: task.source,
    // The receipt text goes where the link went, from the same number, even after the call has ended.
    sms_to: task.sendTo,
    sms_from: ourNumberOn(spec),
    ...(task.debtId ? { debt_id: task.debtId } : {}),
  };
  return metadata;
}

/** The organisation's number on this call: the SMS comes from it. */
export const ourNumberOn = (spec: CallSpec) => (spec.direction === "inbound" ? spec.to : spec.from);

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

export const paymentLinkText = (amountCents: number, url: string) => `Your secure payment link for ${dollars(amountCents)}: ${url}`;
