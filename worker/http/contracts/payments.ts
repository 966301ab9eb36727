// The payments routes' contracts: an agent (on the call) or a supervisor asks a live
// call to send the customer a payment link; the call's payment-links feature does it.
import { z } from "zod";
import { routeContract } from "./contract";

/** 202: the request is on the call; the link follows (wib.payment_link.sent or .failed on its timeline). */
export const requestPaymentLink = routeContract({
  method: "POST",
  path: "/api/calls/:id/payment-links",
  response: { 202: z.strictObject({ requestId: z.string(), callId: z.string(), amountCents: z.number().int(), sendTo: z.string() }) },
  errors: ["conflict"],
});

export const paymentRoutes = [requestPaymentLink] as const;
