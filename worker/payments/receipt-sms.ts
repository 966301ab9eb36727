// Sends a confirmed payment's receipt text from its outbox row (db/writers/payment-receipts.ts)
// through the carrier's messaging API. Stripe's webhook drives it: every event of a
// paid payment (and every redelivery) tries the pending text, so a failure here answers
// the webhook 5xx and Stripe's retry is the outbox's retry. It needs no live call: a
// payment that lands after the call ended gets its text the same way.
import type { Database } from "../../db/client";
import { claimReceipt, settleReceipt } from "../../db/writers/payment-receipts";
import { logEvent } from "../../domain/log";
import { PaymentLinkRefused, type MessagingPort } from "../../objects/call/ports/payment-ports";

export type ReceiptDelivery = "sent" | "refused" | "nothing_to_send";

export async function deliverReceipt(db: Database, messaging: MessagingPort, paymentId: string): Promise<ReceiptDelivery> {
  const receipt = await claimReceipt(db, paymentId);
  if (!receipt) return "nothing_to_send";
  try {
    const { id } = await messaging.sendSms({ from: receipt.fromNumber, to: receipt.toNumber, text: receipt.text });
    await settleReceipt(db, paymentId, { kind: "sent", messageId: id });
    return "sent";
  } catch (error) {
    if (error instanceof PaymentLinkRefused) {
      await settleReceipt(db, paymentId, { kind: "refused", reason: error.message });
      logEvent({ event: "payment_receipt_refused", paymentId, reason: error.message });
      return "refused";
    }
    await settleReceipt(db, paymentId, { kind: "retry", reason: String(error) });
    throw error;
  }
}
