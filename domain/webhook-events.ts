// The events an organisation can subscribe its webhook endpoints to (Standard Webhooks,
// https://www.standardwebhooks.com), defined once: the API validates subscriptions with
// them, the sources that emit them name them from here, and the OpenAPI document lists them.
// An endpoint subscribes to exact types or to a family ("campaign.*"); "*" is everything.
import { z } from "zod";

export const WEBHOOK_EVENT_TYPES = [
  "call.completed",
  "call.disposition",
  "campaign.started",
  "campaign.paused",
  "campaign.resumed",
  "campaign.completed",
  "account.created",
  "account.updated",
  "account.dnc",
  /** Declared for the IVR payments issue, which will emit it. */
  "payment.succeeded",
  /** A supervisor alert raised on a call (live intelligence), once per alert: db/writers/call-rows.ts. */
  "alert.raised",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const FAMILIES = [...new Set(WEBHOOK_EVENT_TYPES.map((type) => type.split(".")[0]!))];
/** What a subscription may name: a type, a family wildcard ("campaign.*") or "*". */
export const WEBHOOK_SUBSCRIPTIONS = ["*", ...FAMILIES.map((family) => `${family}.*`), ...WEBHOOK_EVENT_TYPES] as const;
export const webhookSubscription = z.enum(WEBHOOK_SUBSCRIPTIONS as unknown as [string, ...string[]]);

/** Whether an endpoint subscribed to `subscriptions` receives an event of `type`. */
export function subscribesTo(subscriptions: readonly string[], type: WebhookEventType): boolean {
  const family = `${type.split(".")[0]}.*`;
  return subscriptions.some((s) => s === "*" || s === type || s === family);
}

/** The subscriptions (as stored) that receive `type`: what Postgres matches an endpoint's array against. */
export function subscriptionsReceiving(type: WebhookEventType): string[] {
  return ["*", `${type.split(".")[0]}.*`, type];
}

/** The JSON body every delivery carries (Standard Webhooks' recommended envelope). */
export interface WebhookPayload {
  type: WebhookEventType;
  /** When the event happened, ISO 8601. */
  timestamp: string;
  data: Record<string, unknown>;
}
