// The organisation's phone numbers: outbound caller id and where inbound calls go.
import { z } from "zod";
import { INBOUND_ACTIONS } from "../../../domain/inbound-routing";
import { id, instant, routeContract } from "./contract";

export const phoneNumber = z.strictObject({
  id,
  e164: z.string(),
  label: z.string(),
  inboundAction: z.enum(INBOUND_ACTIONS),
  inboundAgentUserId: id.nullable(),
  inboundMessage: z.string(),
  /**
   * inboundAction "queue": the queue its callers wait in, and their priority there (higher
   * first). inboundAction "ai_agent": the queue whose members take a caller the AI hands to
   * a person (else inboundAgentUserId; neither: any agent).
   */
  inboundQueueId: id.nullable(),
  inboundQueuePriority: z.number().int(),
  createdAt: instant,
});
export type PhoneNumber = z.infer<typeof phoneNumber>;

const phoneNumberBody = z.strictObject({ phoneNumber });

export const listPhoneNumbers = routeContract({
  method: "GET",
  path: "/api/phone-numbers",
  response: { 200: z.strictObject({ phoneNumbers: z.array(phoneNumber) }) },
  errors: [],
});
/** conflict: the number is in use (by any organisation). */
/** plan_required: routing callers to the AI agent on a plan without it. */
export const addPhoneNumber = routeContract({ method: "POST", path: "/api/phone-numbers", response: { 201: phoneNumberBody }, errors: ["conflict", "plan_required"] });
export const changePhoneNumber = routeContract({ method: "PATCH", path: "/api/phone-numbers/:id", response: { 200: phoneNumberBody }, errors: ["plan_required"] });

export const phoneNumberRoutes = [listPhoneNumbers, addPhoneNumber, changePhoneNumber] as const;
