// The IVR's progress as supervisors and the agent see it (domain/ivr-progress.ts), worked out from the
// call's events like the IVR's own state: its step in coarse words, and the latest payment
// step's status found by its request id. Its `order` grows with every change along the
// call (each new prompt, then the step, then the payment's status), so the campaign keeps
// the newest whatever order the reports arrive in; a payment confirmed after the hold gave
// up still moves it on.
import { isKnownEvent, LOCAL_EVENTS, type CarrierEvent } from "../../carrier-event";
import { ivrOf, type CallSpec, type IvrCallSpec } from "../../call-spec";
import type { IvrPaymentStatus, IvrProgress, IvrProgressStep } from "../../../../domain/ivr-progress";
import { foldIvr, outcomesOf, paymentRequestId, type IvrStep } from "./ivr-state";

const STEP_OF: Record<IvrStep["kind"], IvrProgressStep> = {
  waiting: "waiting",
  menu: "menu",
  pay_choice: "paying",
  amount: "paying",
  paying: "paying",
  agent: "agent",
  with_agent: "with_agent",
  callback_offer: "callback_offer",
  queue: "agent",
  in_queue: "agent",
  goodbye: "goodbye",
  done: "done",
  gone: "done",
};

/** Within one prompt: the step moves on in this order. */
const STEP_RANK: Record<IvrProgressStep, number> = { waiting: 0, menu: 0, callback_offer: 0, goodbye: 0, paying: 1, agent: 2, with_agent: 3, done: 4 };
/** Within one step: the payment's status moves on in this order (a late payment after a timeout still counts). */
const PAYMENT_RANK: Record<IvrPaymentStatus, number> = { link_requested: 1, link_sent: 2, link_failed: 3, timed_out: 3, paid: 4 };

export function ivrProgressOf(ivr: IvrCallSpec, events: readonly CarrierEvent[]): IvrProgress {
  const state = foldIvr(ivr, events);
  const outcomes = outcomesOf(events);
  const requested = new Map<string, number>();
  for (const event of events) if (isKnownEvent(event) && event.type === LOCAL_EVENTS.paymentLinkRequested) requested.set(event.requestId, event.amountCents);

  let payment: IvrProgress["payment"] = null;
  // The latest payment step with anything to say (a step still choosing its amount has nothing yet).
  for (let n = state.payments; n >= 1 && payment === null; n--) {
    const id = paymentRequestId(n);
    const paid = outcomes.paid.get(id);
    const amountCents = paid?.amountCents ?? requested.get(id) ?? (state.step.kind === "paying" && state.step.requestId === id ? state.step.amountCents : null);
    if (amountCents === null) continue;
    const status: IvrPaymentStatus = paid
      ? "paid"
      : outcomes.failed.has(id)
        ? "link_failed"
        : outcomes.timedOut.has(id)
          ? "timed_out"
          : outcomes.sent.has(id)
            ? "link_sent"
            : "link_requested";
    payment = { status, amountCents, balanceAfterCents: paid?.balanceAfterCents ?? null };
  }
  const step = STEP_OF[state.step.kind];
  return { step, payment, order: state.prompts * 64 + STEP_RANK[step] * 8 + (payment ? PAYMENT_RANK[payment.status] : 0) };
}

/** What the call's view shows of it (the agent's call card, the call's page): on IVR calls only. */
export function ivrCallView(spec: CallSpec, events: readonly CarrierEvent[]): Pick<IvrProgress, "step" | "payment"> | null {
  const ivr = ivrOf(spec);
  if (!ivr) return null;
  const { step, payment } = ivrProgressOf(ivr, events);
  // A queue's caller is in the IVR only once their wait overflowed to it.
  if (ivr.startsOn === "queue_overflow" && step === STEP_OF.waiting) return null;
  return { step, payment };
}
