// Payment links: for each `paymentLinkRequested` on the call (the IVR's payment step, an
// agent's command), one Stripe Checkout Session (idempotency key `${callId}:${requestId}`,
// so a retried task makes one Stripe object) and one SMS with its URL from the
// organisation's number, then `paymentLinkSent`; a refusal (Stripe says no, the number
// cannot take texts) or the last failed try raises `paymentLinkFailed`. The payment
// itself arrives later through Stripe's webhook (worker/webhooks/stripe.ts).
import { paymentLinkExpiresAt } from "../../../../domain/payments";
import { paymentLinkFailed, paymentLinkSent } from "../../local-events";
import { PaymentLinkRefused } from "../../ports";
import type { CallFeature, TaskContext, TaskOutcome } from "../feature";
import {
  desiredPaymentLinks,
  ourNumberOn,
  paymentLinkIdempotencyKey,
  paymentLinkMetadata,
  paymentLinkText,
  sendPaymentLinkTaskSchema,
  type SendPaymentLinkTask,
} from "./payment-link-tasks";

export { sendPaymentLinkTaskSchema, type SendPaymentLinkTask };

async function sendPaymentLink(task: SendPaymentLinkTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  const { spec } = situation;
  const fail = (reason: string): TaskOutcome => ({ kind: "failed", error: reason, events: [paymentLinkFailed(ports.now(), { requestId: task.requestId, reason })] });
  try {
    const validitySeconds = await ports.payments.linkValiditySeconds(spec.organizationId);
    const link = await ports.payments.createCheckoutSession(
      {
        amountCents: task.amountCents,
        currency: task.currency,
        expiresAt: paymentLinkExpiresAt(task.requestedAtMs, validitySeconds),
        metadata: paymentLinkMetadata(spec, task),
      },
      paymentLinkIdempotencyKey(spec, task.requestId),
    );
    await ports.messaging.sendSms({ from: ourNumberOn(spec), to: task.sendTo, text: paymentLinkText(task.amountCents, link.url) });
    return {
      kind: "done",
      note: link.id,
      events: [paymentLinkSent(ports.now(), { requestId: task.requestId, checkoutSessionId: link.id, expiresAtMs: link.expiresAt * 1000 })],
    };
  } catch (error) {
    if (error instanceof PaymentLinkRefused) return fail(error.message);
    if (attempt.isLast) return fail(`gave up after ${attempt.attempts + 1} tries: ${String(error)}`);
    return { kind: "retry", error: String(error) };
  }
}

export const paymentLinks: CallFeature<SendPaymentLinkTask> = {
  name: "paymentLinks",
  desiredTasks: ({ events }) => desiredPaymentLinks(events),
  runners: { send_payment_link: sendPaymentLink },
};
