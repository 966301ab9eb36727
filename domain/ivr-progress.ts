// Where a caller is in the IVR and how their payment stands, as supervisors see it in a
// campaign's live room: the step (menu, paying, waiting for an agent, ...) and the last
// payment step's status (link requested, texted, paid, failed, timed out) with its amount.
// Never a key the caller pressed. The call works it out from its events
// (objects/call/features/ivr/ivr-progress.ts) and tells its campaign each change; `order`
// only grows along one call, so a late report never replaces a newer one.
import { z } from "zod";

export const IVR_PROGRESS_STEPS = ["waiting", "menu", "paying", "agent", "with_agent", "callback_offer", "goodbye", "done"] as const;
export type IvrProgressStep = (typeof IVR_PROGRESS_STEPS)[number];

export const IVR_PAYMENT_STATUSES = ["link_requested", "link_sent", "paid", "link_failed", "timed_out"] as const;
export type IvrPaymentStatus = (typeof IVR_PAYMENT_STATUSES)[number];

export const ivrProgress = z.object({
  step: z.enum(IVR_PROGRESS_STEPS),
  payment: z
    .object({
      status: z.enum(IVR_PAYMENT_STATUSES),
      amountCents: z.number().int(),
      /** Once paid: the balance the payment left. */
      balanceAfterCents: z.number().int().nullable(),
    })
    .nullable(),
  order: z.number().int().nonnegative(),
});
export type IvrProgress = z.infer<typeof ivrProgress>;

const STEP_WORDS: Record<IvrProgressStep, string> = {
  waiting: "Waiting to start",
  menu: "In the menu",
  paying: "Paying",
  agent: "Asking for an agent",
  with_agent: "With an agent",
  callback_offer: "Offered a callback",
  goodbye: "Saying goodbye",
  done: "Done",
};

const usd = (cents: number) => `$${(cents / 100).toFixed(2)}`;

/** The payment's status in words, with its amount: "Paid $150.00 (balance $850.00)". */
export function ivrPaymentText(payment: NonNullable<IvrProgress["payment"]>): string {
  const amount = usd(payment.amountCents);
  switch (payment.status) {
    case "link_requested":
      return `Link for ${amount} requested`;
    case "link_sent":
      return `Link for ${amount} texted, waiting for payment`;
    case "paid":
      return `Paid ${amount}${payment.balanceAfterCents === null ? "" : ` (balance ${usd(payment.balanceAfterCents)})`}`;
    case "link_failed":
      return `Link for ${amount} failed`;
    case "timed_out":
      return `Not paid in time (${amount}; the link stays valid)`;
  }
}

/** The IVR cell of a live call: its step, then how the payment stands. */
export function ivrProgressText(progress: Pick<IvrProgress, "step" | "payment">): { step: string; payment: string | null } {
  return { step: STEP_WORDS[progress.step], payment: progress.payment ? ivrPaymentText(progress.payment) : null };
}
