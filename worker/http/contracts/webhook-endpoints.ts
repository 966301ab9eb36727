// Outbound webhooks: an organisation's endpoints (URL, event types, secret shown once,
// enable/disable, rotation), their delivery log and replays.
import { z } from "zod";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_SUBSCRIPTIONS } from "../../../domain/webhook-events";
import { NO_BODY, id, instant, routeContract } from "./contract";

export const webhookEndpoint = z.strictObject({
  id,
  url: z.string(),
  /** Event types, families ("campaign.*") or "*". */
  events: z.array(z.enum(WEBHOOK_SUBSCRIPTIONS)),
  description: z.string(),
  enabled: z.boolean(),
  /** Why it is disabled: manual, gone (the receiver answered 410) or failing (3 days of failures). */
  disabledReason: z.enum(["manual", "gone", "failing"]).nullable(),
  disabledAt: instant.nullable(),
  /** Until then deliveries are also signed with the secret before the last rotation. */
  previousSecretExpiresAt: instant.nullable(),
  failingSince: instant.nullable(),
  createdAt: instant,
});
export type WebhookEndpoint = z.infer<typeof webhookEndpoint>;

const endpointWithSecret = z.strictObject({
  endpoint: webhookEndpoint,
  /** whsec_…: shown once; verify deliveries with it (Standard Webhooks). */
  secret: z.string(),
});

export const webhookAttempt = z.strictObject({
  attempt: z.number().int(),
  attemptedAt: instant,
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

export const webhookDelivery = z.strictObject({
  id,
  endpointId: id,
  /** The webhook-id header: the same on every attempt and replay. */
  messageId: z.string(),
  eventType: z.enum(WEBHOOK_EVENT_TYPES),
  status: z.enum(["pending", "succeeded", "failed"]),
  attempts: z.number().int(),
  nextAttemptAt: instant.nullable(),
  createdAt: instant,
  /** The exact JSON body sent. */
  requestBody: z.string(),
  log: z.array(webhookAttempt),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;

export const listWebhookEndpoints = routeContract({
  method: "GET",
  path: "/api/webhook-endpoints",
  response: { 200: z.strictObject({ endpoints: z.array(webhookEndpoint) }) },
  errors: [],
});
export const createWebhookEndpoint = routeContract({ method: "POST", path: "/api/webhook-endpoints", response: { 201: endpointWithSecret }, errors: [] });
/** Enable, disable, or change the URL, events or description. */
export const changeWebhookEndpoint = routeContract({
  method: "PATCH",
  path: "/api/webhook-endpoints/:id",
  response: { 200: z.strictObject({ endpoint: webhookEndpoint }) },
  errors: [],
});
export const deleteWebhookEndpoint = routeContract({ method: "DELETE", path: "/api/webhook-endpoints/:id", response: { 204: NO_BODY }, errors: [] });
/** A new secret; the old one keeps signing too for 24 h, so receivers can switch without a gap. */
export const rotateWebhookSecret = routeContract({
  method: "POST",
  path: "/api/webhook-endpoints/:id/rotate-secret",
  response: { 200: endpointWithSecret },
  errors: [],
});
export const listWebhookDeliveries = routeContract({
  method: "GET",
  path: "/api/webhook-endpoints/:id/deliveries",
  response: { 200: z.strictObject({ deliveries: z.array(webhookDelivery) }) },
  errors: [],
});
/** Sends again every delivery of the endpoint created in a time range (same webhook-ids). */
export const replayWebhookRange = routeContract({
  method: "POST",
  path: "/api/webhook-endpoints/:id/replay",
  response: { 202: z.strictObject({ replayed: z.number().int() }) },
  errors: [],
});
/** Sends one delivery again (same webhook-id, so a receiver that has it already can ignore it). */
export const replayWebhookDelivery = routeContract({
  method: "POST",
  path: "/api/webhook-deliveries/:id/replay",
  response: { 202: z.strictObject({ delivery: webhookDelivery }) },
  errors: [],
});

export const webhookEndpointRoutes = [
  listWebhookEndpoints,
  createWebhookEndpoint,
  changeWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookSecret,
  listWebhookDeliveries,
  replayWebhookRange,
  replayWebhookDelivery,
] as const;
